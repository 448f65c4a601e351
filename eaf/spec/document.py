"""One model file: a mapping whose keys name sections, each a list of elements of one kind."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from eaf.spec.elements import (
    Actor,
    Channel,
    Data,
    Infrastructure,
    Interconnection,
    Organization,
    Platform,
    Service,
    System,
    WorkPackage,
)
from eaf.spec.framework import Category, Framework, Kpi, Layer, Plateau, ReferenceModel, Rule
from eaf.spec.governance import Decision
from eaf.spec.types import Strict, new_list
from eaf.spec.views import View


class ModelFile(Strict):
    """A model file. Every section is optional; a file may hold any mix of them.

    Point editors at this schema with a first line:
    `# yaml-language-server: $schema=../schemas/eaf-model.schema.json`
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organizations": [
                        {
                            "id": "tdm-hiep-thanh",
                            "name": "Phường Hiệp Thành",
                            "level": "commune",
                            "type": "phường",
                            "parent": "tp-thu-dau-mot",
                            "statistics_code": "25741",
                            "source": {"document": "GSO 2022-10-01", "status": "confirmed"},
                        }
                    ],
                    "systems": [
                        {
                            "id": "cong-dvc-binh-duong",
                            "name": "Cổng dịch vụ công tỉnh Bình Dương",
                            "category": "public-service-portal",
                            "owner": "so-tttt",
                            "security_level": 3,
                            "deployment": [{"select": "kind:organization,level:commune"}],
                        }
                    ],
                }
            ]
        }
    )

    organizations: list[Organization] = Field(default_factory=new_list)
    """Government bodies and administrative units."""
    actors: list[Actor] = Field(default_factory=new_list)
    """Groups of users."""
    channels: list[Channel] = Field(default_factory=new_list)
    """Access channels."""
    systems: list[System] = Field(default_factory=new_list)
    """Information systems and applications."""
    data: list[Data] = Field(default_factory=new_list)
    """Databases and data sets."""
    platforms: list[Platform] = Field(default_factory=new_list)
    """Integration and shared platforms."""
    infrastructure: list[Infrastructure] = Field(default_factory=new_list)
    """Data centres, networks, cloud, video conferencing."""
    services: list[Service] = Field(default_factory=new_list)
    """Administrative procedures and their online services."""
    interconnections: list[Interconnection] = Field(default_factory=new_list)
    """Links between elements."""
    work_packages: list[WorkPackage] = Field(default_factory=new_list)
    """Roadmap tasks and projects."""
    decisions: list[Decision] = Field(default_factory=new_list)
    """Decisions that shape the architecture: approvals, regulations, plans."""
    views: list[View] = Field(default_factory=new_list)
    """Diagram definitions."""
    frameworks: list[Framework] = Field(default_factory=new_list)
    """Versions of the national architecture framework, each with the period it is in force."""
    reference_models: list[ReferenceModel] = Field(default_factory=new_list)
    """The framework's reference models (BRM, DRM, ARM, TRM, SRM)."""
    layers: list[Layer] = Field(default_factory=new_list)
    """Framework layers."""
    categories: list[Category] = Field(default_factory=new_list)
    """Framework component categories."""
    rules: list[Rule] = Field(default_factory=new_list)
    """Conformance rules of the framework."""
    kpis: list[Kpi] = Field(default_factory=new_list)
    """Key performance indicators with targets and deadlines."""
    plateaus: list[Plateau] = Field(default_factory=new_list)
    """Baseline, roadmap phases and targets."""


#: section key -> element kind (singular); the order is the order of kinds in outputs.
KIND_OF_SECTION: dict[str, str] = {
    "organizations": "organization",
    "actors": "actor",
    "channels": "channel",
    "systems": "system",
    "data": "data",
    "platforms": "platform",
    "infrastructure": "infrastructure",
    "services": "service",
    "interconnections": "interconnection",
    "work_packages": "work_package",
    "decisions": "decision",
    "views": "view",
    "frameworks": "framework",
    "reference_models": "reference_model",
    "layers": "layer",
    "categories": "category",
    "rules": "rule",
    "kpis": "kpi",
    "plateaus": "plateau",
}
SECTION_OF_KIND = {kind: section for section, kind in KIND_OF_SECTION.items()}
#: The kinds that make up the framework a plateau is checked against (their lifecycles are the
#: framework's versions: rules added and retired).
FRAMEWORK_KINDS = ("framework", "reference_model", "layer", "category", "rule")
#: The kinds that make up the architecture itself (the rest describe the framework, the
#: roadmap or the drawings).
ARCHITECTURE_KINDS = (
    "organization",
    "actor",
    "channel",
    "system",
    "data",
    "platform",
    "infrastructure",
    "service",
    "interconnection",
)
