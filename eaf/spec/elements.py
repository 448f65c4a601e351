"""The architecture elements: organisations, actors, channels, systems, data, platforms,
infrastructure, services, interconnections and work packages."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from eaf.spec.types import (
    LAX,
    ActorRef,
    AnyRef,
    CategoryRef,
    ChannelRef,
    DataRef,
    ElementSpec,
    EndpointRef,
    HostRef,
    IsoDate,
    LayerRef,
    OrgRef,
    ParentOrgRef,
    PartOfSystemRef,
    PlateauRef,
    PlatformRef,
    Scope,
    ShortText,
    Strict,
    SystemRef,
    new_list,
)


class GovLevel(StrEnum):
    """Level of government."""

    NATIONAL = "national"
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"


class OrgType(StrEnum):
    """Vietnamese type of a government body or administrative unit."""

    BO = "bộ"
    CO_QUAN_NGANG_BO = "cơ quan ngang bộ"
    CO_QUAN_TRUNG_UONG = "cơ quan trung ương"
    TINH = "tỉnh"
    THANH_PHO_TRUC_THUOC_TW = "thành phố trực thuộc trung ương"
    UBND = "ủy ban nhân dân"
    SO = "sở"
    BAN = "ban"
    CO_QUAN_CHUYEN_MON = "cơ quan chuyên môn"
    TRUNG_TAM = "trung tâm"
    DON_VI_SU_NGHIEP = "đơn vị sự nghiệp"
    CO_QUAN_NGANH_DOC = "cơ quan ngành dọc"
    BO_PHAN_MOT_CUA = "bộ phận một cửa"
    THANH_PHO = "thành phố"
    THI_XA = "thị xã"
    HUYEN = "huyện"
    PHUONG = "phường"
    XA = "xã"
    THI_TRAN = "thị trấn"
    KHAC = "khác"


class OneStopKind(StrEnum):
    """Kind of one-stop shop (Decree 61/2018/NĐ-CP)."""

    BASIC = "basic"
    MODERN = "modern"
    CENTRE = "centre"


class OneStop(Strict):
    """The unit's one-stop shop (bộ phận một cửa), Decree 61/2018/NĐ-CP."""

    kind: Annotated[OneStopKind, LAX]
    """basic, modern (bộ phận một cửa hiện đại) or centre (trung tâm phục vụ hành chính công)."""
    since: IsoDate | None = None
    """When it started operating in this form."""


StatisticsCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,5}$")]


class Organization(ElementSpec):
    """A government body or administrative unit: a national body, the province People's
    Committee, a department, a district-level unit or a commune-level unit."""

    level: Annotated[GovLevel, LAX]
    """national, province, department, district or commune."""
    type: Annotated[OrgType, LAX]
    """Vietnamese type, e.g. 'sở', 'thành phố', 'phường', 'xã', 'thị trấn'."""
    parent: ParentOrgRef | None = None
    """The organisation this one belongs to (a commune's district, a district's province)."""
    statistics_code: StatisticsCode | None = None
    """The national statistics office's unit code, written as text (e.g. '25741')."""
    one_stop: OneStop | None = None
    """The unit's one-stop shop, if it has one."""


class ActorCategory(StrEnum):
    """Kind of user group."""

    CITIZEN = "citizen"
    BUSINESS = "business"
    OFFICIAL = "official"
    LEADER = "leader"
    AGENCY = "agency"
    OTHER = "other"


class Actor(ElementSpec):
    """A group of users: citizens, businesses, officials, leaders."""

    category: Annotated[ActorCategory, LAX]
    """citizen, business, official, leader, agency or other."""


class ChannelType(StrEnum):
    """Kind of access channel."""

    WEB = "web"
    MOBILE = "mobile"
    COUNTER = "counter"
    KIOSK = "kiosk"
    EMAIL = "email"
    SMS = "sms"
    HOTLINE = "hotline"
    SOCIAL = "social"
    POSTAL = "postal"
    OTHER = "other"


class Channel(ElementSpec):
    """An access channel: web portal, mobile app, one-stop counter, kiosk, e-mail, SMS, hotline."""

    type: Annotated[ChannelType, LAX]
    """web, mobile, counter, kiosk, email, sms, hotline, social, postal or other."""
    deployment: list[Scope] = Field(default_factory=new_list)
    """The units where the channel is offered (e.g. a modern one-stop counter in every
    commune), as selectors with exceptions and dates."""


class SystemCategory(StrEnum):
    """Kind of information system."""

    PORTAL = "portal"
    PUBLIC_SERVICE_PORTAL = "public-service-portal"
    ONE_STOP = "one-stop"
    TTHC_SYSTEM = "tthc-system"
    DOCUMENT_MANAGEMENT = "document-management"
    EMAIL = "email"
    REPORTING = "reporting"
    IOC = "ioc"
    VIDEO_CONFERENCE = "video-conference"
    SECTORAL = "sectoral"
    SHARED = "shared"
    SECURITY = "security"
    OTHER = "other"


class Hosting(StrEnum):
    """Where a system runs."""

    PROVINCIAL_DC = "provincial-dc"
    NATIONAL_DC = "national-dc"
    CLOUD = "cloud"
    ON_PREMISES = "on-premises"
    VENDOR = "vendor"
    UNKNOWN = "unknown"


SecurityLevel = Annotated[int, Field(ge=1, le=5)]


class System(ElementSpec):
    """An information system or application."""

    category: Annotated[SystemCategory, LAX]
    """What kind of system: portal, public-service-portal, one-stop, tthc-system,
    document-management, email, reporting, ioc, video-conference, sectoral, shared, security,
    other."""
    layer: LayerRef | None = None
    """The framework layer the system belongs to (an id from the framework's layers)."""
    categories: list[CategoryRef] = Field(default_factory=new_list)
    """Component categories of the framework the system implements."""
    level: Annotated[GovLevel, LAX] | None = None
    """The level that operates it: national, province, department, district or commune."""
    part_of: PartOfSystemRef | None = None
    """The larger system or platform this one is a part of."""
    security_level: SecurityLevel | None = None
    """Information-security level 1-5 under Decree 85/2016/NĐ-CP."""
    hosting: Annotated[Hosting, LAX] | None = None
    """Where it runs: provincial-dc, national-dc, cloud, on-premises, vendor or unknown."""
    hosted_on: list[HostRef] = Field(default_factory=new_list)
    """The infrastructure or platforms it runs on."""
    users: list[ActorRef] = Field(default_factory=new_list)
    """The groups of users it serves."""
    channels: list[ChannelRef] = Field(default_factory=new_list)
    """The channels through which it is reached."""
    uses: list[PlatformRef] = Field(default_factory=new_list)
    """Shared platforms it relies on (SSO, payment, e-signature, LGSP...)."""
    deployment: list[Scope] = Field(default_factory=new_list)
    """The units that use it, as selectors with exceptions and dates."""


class DataScope(StrEnum):
    """Reach of a data set: national, sectoral, provincial or local."""

    NATIONAL = "national"
    SECTORAL = "sectoral"
    PROVINCIAL = "provincial"
    LOCAL = "local"


class Data(ElementSpec):
    """A database or data set: national, sectoral or provincial."""

    scope: Annotated[DataScope, LAX]
    """national, sectoral, provincial or local."""
    layer: LayerRef | None = None
    """The framework layer (usually the data layer)."""
    system: SystemRef | None = None
    """The system that holds it."""
    personal_data: bool = False
    """Whether it holds personal data (Decree 13/2023/NĐ-CP)."""
    master: bool = False
    """Whether it is master or reference data that others must reuse."""
    security_level: SecurityLevel | None = None
    """Information-security level 1-5 under Decree 85/2016/NĐ-CP."""


class PlatformCategory(StrEnum):
    """Kind of integration or shared platform."""

    LGSP = "lgsp"
    NGSP = "ngsp"
    DOCUMENT_AXIS = "document-axis"
    SSO = "sso"
    PAYMENT = "payment"
    E_SIGNATURE = "e-signature"
    NOTIFICATION = "notification"
    DATA_PLATFORM = "data-platform"
    OTHER = "other"


class Platform(ElementSpec):
    """An integration or shared platform: LGSP, NGSP/NDXP, the document interconnection axis
    (VDXP), SSO, payment, e-signature, notifications."""

    category: Annotated[PlatformCategory, LAX]
    """lgsp, ngsp, document-axis, sso, payment, e-signature, notification, data-platform, other."""
    level: Annotated[GovLevel, LAX]
    """national or province (or another level)."""
    layer: LayerRef | None = None
    """The framework layer (usually integration platforms)."""
    part_of: PartOfSystemRef | None = None
    """The larger system or platform this one belongs to."""
    security_level: SecurityLevel | None = None
    """Information-security level 1-5 under Decree 85/2016/NĐ-CP."""
    hosting: Annotated[Hosting, LAX] | None = None
    """Where it runs."""
    hosted_on: list[HostRef] = Field(default_factory=new_list)
    """The infrastructure it runs on."""
    deployment: list[Scope] = Field(default_factory=new_list)
    """The units connected to it."""


class InfrastructureCategory(StrEnum):
    """Kind of technical infrastructure."""

    DATA_CENTRE = "data-centre"
    NETWORK = "network"
    LAN = "lan"
    CLOUD = "cloud"
    VIDEO_CONFERENCE = "video-conference"
    SECURITY = "security"
    OTHER = "other"


class Infrastructure(ElementSpec):
    """Technical infrastructure: data centre, specialised data network, LANs, cloud,
    video-conference network."""

    category: Annotated[InfrastructureCategory, LAX]
    """data-centre, network, lan, cloud, video-conference, security or other."""
    level: Annotated[GovLevel, LAX] | None = None
    """The level that operates it."""
    layer: LayerRef | None = None
    """The framework layer (usually infrastructure)."""
    security_level: SecurityLevel | None = None
    """Information-security level 1-5 under Decree 85/2016/NĐ-CP."""
    deployment: list[Scope] = Field(default_factory=new_list)
    """The units it reaches, as selectors with exceptions and dates."""


OnlineLevel = Annotated[int, Field(ge=1, le=4)]
HandlingLevel = Literal["national", "province", "district", "commune"]


class Service(ElementSpec):
    """An administrative procedure (thủ tục hành chính) and its online public service."""

    procedure_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.\-]{1,40}$")] | None = (
        None
    )
    """The procedure's code in the national TTHC database, e.g. '1.001193'."""
    field: ShortText
    """The field (lĩnh vực), e.g. 'Hộ tịch', 'Đăng ký doanh nghiệp', 'Đất đai'."""
    handling_levels: list[HandlingLevel] = Field(min_length=1)
    """The levels that handle it: national, province, district, commune."""
    online_level: OnlineLevel | None = None
    """Online service level 1-4 (Decree 43/2011/NĐ-CP); null when not offered online."""
    online_full: bool | None = None
    """Offered as a full online service (toàn trình) under Decree 42/2022/NĐ-CP."""
    eligible_level: OnlineLevel | None = None
    """The highest level (1-4) the procedure can reach."""
    eligible_full: bool | None = None
    """Eligible to be offered toàn trình (Decree 42/2022/NĐ-CP); null when not known."""
    portal: SystemRef | None = None
    """The portal that offers it online."""
    npsp_integrated: bool | None = None
    """Integrated with the National Public Service Portal; null when not known."""
    published: bool | None = None
    """Published in the national TTHC database; null when not known."""
    offered_by: list[Scope] = Field(default_factory=new_list)
    """The units that offer it, as selectors with exceptions and dates."""


class Direction(StrEnum):
    """Direction of an exchange."""

    ONE_WAY = "one-way"
    TWO_WAY = "two-way"


class Interconnection(ElementSpec):
    """A typed link between two elements, usually an exchange of data between systems."""

    from_: EndpointRef = Field(alias="from")
    """The element data or requests come from."""
    to: EndpointRef
    """The element they go to."""
    via: list[PlatformRef] = Field(default_factory=new_list)
    """The platforms the exchange goes through, in order (e.g. LGSP, then NGSP)."""
    data: list[ShortText] = Field(default_factory=new_list)
    """What is exchanged, e.g. 'hồ sơ TTHC', 'trạng thái xử lý'."""
    data_refs: list[DataRef] = Field(default_factory=new_list)
    """Data sets of the model that are exchanged."""
    protocol: ShortText | None = None
    """Protocol or standard, e.g. 'REST/JSON', 'edXML'."""
    direction: Annotated[Direction, LAX] = Direction.ONE_WAY
    """one-way (from → to) or two-way."""
    legal_basis: ShortText | None = None
    """The legal basis of the exchange, e.g. 'Nghị định 47/2020/NĐ-CP'."""


class WorkPackageStatus(StrEnum):
    """Progress of a work package."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Period(Strict):
    """A period of time."""

    start: IsoDate
    """First day."""
    end: IsoDate
    """Last day."""


class WorkPackage(ElementSpec):
    """A roadmap task or project that delivers elements or changes."""

    delivers: list[AnyRef] = Field(default_factory=new_list)
    """The elements it introduces, changes or retires."""
    period: Period | None = None
    """When it runs."""
    phase: PlateauRef | None = None
    """The roadmap phase (a plateau) it belongs to."""
    status: Annotated[WorkPackageStatus, LAX] = WorkPackageStatus.PLANNED
    """planned, in-progress, done or cancelled."""
    budget_vnd: Annotated[int, Field(ge=0)] | None = None
    """Budget in VND, when known."""


__all__ = [
    "Actor",
    "Channel",
    "Data",
    "Infrastructure",
    "Interconnection",
    "Organization",
    "Platform",
    "Service",
    "System",
    "WorkPackage",
]
_ = (DataRef, OrgRef)  # re-exported for readers of this module
