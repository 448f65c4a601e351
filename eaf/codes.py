"""The catalogue of diagnostic codes. Codes are stable: never renumber, only add.

Families: EAF1xx files and YAML, EAF2xx schema, EAF3xx references and identity, EAF4xx views and
selectors, EAF5xx rules, gaps and completeness, EAF6xx imports and exports, EAF9xx internal.
"""

from __future__ import annotations

from dataclasses import dataclass

from eaf.diagnostics import Diagnostic, Location, Severity


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    slug: str
    severity: Severity
    summary: str
    hint: str = ""

    def __call__(
        self,
        message: str,
        location: Location | None = None,
        *,
        pointer: str = "",
        hint: str | None = None,
        related: tuple[Location, ...] = (),
        severity: Severity | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.id,
            severity=severity or self.severity,
            # Values quoted in a message may hold line breaks: a diagnostic stays one line.
            message=message.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t"),
            location=location,
            pointer=pointer,
            hint=hint if hint is not None else (self.hint or None),
            related=related,
        )


E, W = Severity.ERROR, Severity.WARNING

# fmt: off
# EAF1xx: files and YAML
YAML_SYNTAX        = Code("EAF101", "yaml-syntax", E, "The file is not valid YAML.", "Check this line and the one before it: brackets, quotes, indentation, and ': ' inside unquoted text.")
TAB_INDENT         = Code("EAF102", "tab-indent", E, "A tab is used at the start of a line.", "Indent with spaces: YAML forbids tabs as indentation, and eaf refuses them anywhere in the white space that starts a line.")
MULTI_DOCUMENT     = Code("EAF103", "multiple-documents", E, "A file holds more than one YAML document.", "Split the documents into separate files.")
ANCHOR             = Code("EAF104", "anchor", E, "An anchor (&name) is used.", "Anchors and aliases are not allowed in models; write the value out or use a selector.")
ALIAS              = Code("EAF105", "alias", E, "An alias (*name) is used.", "Anchors and aliases are not allowed in models; write the value out or use a selector.")
TAG                = Code("EAF106", "explicit-tag", E, "An explicit tag (!tag or !!type) is used.", "Remove the tag; eaf never executes or converts tagged values.")
DUPLICATE_KEY      = Code("EAF107", "duplicate-key", E, "A key appears twice in one mapping.", "Keep one of them; YAML parsers silently drop all but one.")
YAML11_BOOLEAN     = Code("EAF108", "yaml11-boolean", W, "A plain scalar reads as a boolean in YAML 1.1 tools.", "eaf reads it as text; quote it so every tool agrees.")
LEADING_ZERO       = Code("EAF109", "leading-zero-number", E, "A plain number has a leading zero.", "Quote codes with leading zeros, e.g. \"0777\".")
NON_FINITE         = Code("EAF110", "non-finite-number", E, "A number is infinite or not a number.", "Use a finite number.")
TOO_DEEP           = Code("EAF111", "nesting-too-deep", E, "Nesting is deeper than the limit.", "Flatten the structure.")
FILE_TOO_LARGE     = Code("EAF112", "file-too-large", E, "The file is larger than the limit.", "Split the file into several smaller files.")
SCALAR_TOO_LONG    = Code("EAF113", "scalar-too-long", E, "A single value is longer than the limit.", "Shorten the value or move long text to a linked document.")
NOT_UTF8           = Code("EAF114", "not-utf8", E, "The file is not UTF-8.", "Save the file as UTF-8.")
CONTROL_CHARACTER  = Code("EAF115", "control-character", E, "The file holds a control character.", "Remove the character; only tab, LF and CR are allowed.")
EMPTY_FILE         = Code("EAF116", "empty-file", W, "The model file holds no data.", "Add elements or delete the file.")
NO_MODEL_FILES     = Code("EAF117", "no-model-files", E, "No model files were found.", "Model files end in .yaml.")
UNREADABLE_FILE    = Code("EAF118", "unreadable-file", E, "A model file or folder cannot be read.", "Check that the file exists, is a regular file and is readable.")
OUTSIDE_ROOT       = Code("EAF119", "outside-root", E, "A model file resolves outside the model directory.", "Replace the symbolic link with the file itself.")
IGNORED_FILE       = Code("EAF120", "ignored-file", W, "A file next to the models is not read.", "Rename it to end in .yaml.")
NON_STRING_KEY     = Code("EAF121", "non-string-key", E, "A mapping key is not text.", "Use plain text keys.")
DIRECTIVE          = Code("EAF122", "directive", E, "A YAML directive other than '%YAML 1.2' is used.", "Remove the line: model files are YAML 1.2 and use no tags.")
UNSUPPORTED_YAML   = Code("EAF123", "unsupported-yaml", E, "A rare form of YAML is used that eaf's YAML parser does not read as YAML 1.2 says.", "Write it the common way: quote the text, and keep a key and its ':' on one line.")

# EAF2xx: schema
TOP_NOT_MAPPING    = Code("EAF201", "top-level-not-mapping", E, "The top level of a model file is not a mapping.", "Start the file with section keys such as 'systems:'.")
UNKNOWN_FIELD      = Code("EAF202", "unknown-field", E, "A field is not part of the schema.", "Fix the spelling or remove the field; editors list the allowed fields when the file points at the schema.")
MISSING_FIELD      = Code("EAF203", "missing-field", E, "A required field is missing.", "Add the field to the element.")
NULL_VALUE         = Code("EAF204", "null-value", E, "A required value is empty or null.", "Write a value after the colon.")
WRONG_TYPE         = Code("EAF205", "wrong-type", E, "A value has the wrong type.", "Quote text that looks like a number; write lists as [a, b] or as '- ' items.")
INVALID_CHOICE     = Code("EAF206", "invalid-choice", E, "A value is not one of the allowed choices.", "Use one of the values the schema allows.")
TOO_LONG           = Code("EAF207", "too-long", E, "A value is longer than allowed.", "Shorten it; long text belongs in 'description'.")
INVALID_URL        = Code("EAF208", "invalid-url", E, "A link is not an http, https or mailto URL.", "Links must start with https://, http:// or mailto:.")
INVALID_VALUE      = Code("EAF209", "invalid-value", E, "A value does not meet its constraint.", "Check the value against the field's description in the schema.")
INVALID_DATE       = Code("EAF210", "invalid-date", E, "A date is not a real YYYY-MM-DD date.", "Write dates as YYYY-MM-DD, e.g. 2022-04-19.")
BOOLEAN_SPELLING   = Code("EAF211", "boolean-spelling", E, "A yes/no field is not written true or false.", "Use true or false.")
LONG_TEXT          = Code("EAF212", "long-text", W, "A text is longer than is readable.", "Shorten it or link to a document.")
INVALID_ID         = Code("EAF213", "invalid-id", E, "An id is not a lower-case ASCII slug.", "Ids use a-z, 0-9 and single '-', '_' or '.' between them, e.g. so-tttt.")
BAD_PERIOD         = Code("EAF214", "bad-period", E, "A period ends before it starts.", "Check the dates.")
CHANGE_CLASH       = Code("EAF215", "change-clash", E, "Two dated changes set one field on the same day.", "Merge them into one change, or date them apart.")
SOURCE_UNUSED      = Code("EAF217", "source-unused", W, "'sources' gives a source for a field the element does not state.", "Remove the entry, or state the field.")
INVISIBLE_CHARACTER = Code("EAF218", "invisible-character", W, "A name holds a bidirectional control or an invisible character.", "Remove it: it is not shown, or it reorders the text around it, so what is read differs from what is stored.")
NOT_ONE_LINE       = Code("EAF219", "not-one-line", E, "A name holds a line break or a control character.", "Write the name on one line; longer text belongs in 'description'.")
CHANGE_OUTSIDE_LIFE = Code("EAF216", "change-outside-life", E, "A dated change falls outside the element's life.", "Date the change on or after the element's first plan, phase_in or active date and before its end_of_life.")

# EAF3xx: references and identity
UNKNOWN_REFERENCE  = Code("EAF301", "unknown-reference", E, "A reference names no element.", "Use the id of an existing element; ids are listed by 'eaf query'.")
WRONG_KIND         = Code("EAF302", "wrong-kind-reference", E, "A reference names an element of the wrong kind.", "Reference an element of the kind the field takes.")
DUPLICATE_ID       = Code("EAF303", "duplicate-id", E, "Two elements share an id.", "Ids are unique across all model files.")
DUPLICATE_ID_CASE  = Code("EAF304", "duplicate-id-case", E, "Two ids differ only in case or Unicode normalisation.", "Ids are compared case-insensitively; rename one.")
CYCLE              = Code("EAF305", "cycle", E, "A relation that must be acyclic has a cycle.", "Break the cycle.")
SELF_LINK          = Code("EAF306", "self-link", E, "An element is linked to itself.", "Link two different elements.")
DUPLICATE_ITEM     = Code("EAF307", "duplicate-item", W, "A list names the same element twice.", "Remove the repeated item.")
SUCCESSOR_KIND     = Code("EAF309", "successor-kind", E, "A successor is of another kind than the element it takes over from.", "Name an element of the same kind: a commune succeeds a commune, a system a system.")
SUCCESSOR_NO_END   = Code("EAF310", "successor-no-end", W, "An element names successors but never ends.", "Give the element an end_of_life in its lifecycle.")
SUCCESSION_GAP     = Code("EAF311", "succession-gap", E, "A successor does not exist yet when its predecessor ends.", "Start the successor no later than the predecessor's end_of_life.")
STATISTICS_CODE_CLASH = Code("EAF312", "statistics-code-clash", E, "Two organisations that exist on the same day have the same statistics code.", "A statistics code names one unit at a time: correct the code, or end the unit that had it (end_of_life) no later than the day the other starts; a code may be reused once its unit has ended.")
OUTSIDE_FRAMEWORK  = Code("EAF315", "outside-framework", E, "An element is never in force: its own lifecycle and the framework versions it names do not overlap.", "Name the framework versions it belongs to, or correct its lifecycle dates.")
REFERENCE_ENDED    = Code("EAF321", "reference-ended", W, "A reference names an element that has ended, or does not exist yet, on a date it is used.", "Point it at the successor from that date, with a dated change, or end the referring element too.")
PROCEDURE_UNOFFERED = Code("EAF322", "procedure-unoffered", W, "A procedure is offered by no unit on a date: the units it names have ended.", "Offer it through the successor units, with a dated change of offered_by.")
REFERENCE_UNCHECKED = Code("EAF330", "reference-unchecked", Severity.INFO, "A reference names no element, but a file that failed to load may define it.", "Fix that file's errors first: its ids and the references to them are checked then.")
EXCEPTION_UNUSED   = Code("EAF308", "exception-not-in-scope", W, "An exception names an element the scope does not select.", "Remove it from 'except' or widen the selector.")

# EAF4xx: views and selectors
SELECTOR_SYNTAX    = Code("EAF401", "selector-syntax", E, "A selector cannot be parsed.", "See the selector reference: e.g. 'kind:system,layer:integration'.")
SELECTOR_METHOD    = Code("EAF402", "selector-method", E, "A selector uses an unknown method or attribute.", "Use kind, id, tag, file or a field name, e.g. level:commune.")
VIEW_SUMMARISED    = Code("EAF410", "view-summarised", W, "A view has more elements than its limit and is drawn summarised.", "Narrow the view's selectors, or raise its max_nodes.")
GRAPHVIZ_MISSING   = Code("EAF411", "graphviz-missing", E, "Graphviz 'dot' is not installed.", "Install Graphviz: 'sudo apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz'.")
GRAPHVIZ_FAILED    = Code("EAF412", "graphviz-failed", E, "Graphviz could not lay out a view.", "Report the view's DOT file (written next to it) as a bug.")
GRAPHVIZ_TIMEOUT   = Code("EAF413", "graphviz-timeout", W, "Graphviz took too long to lay out a view.", "Narrow the view's selectors or lower its max_nodes; a placeholder was drawn.")
DRAWN_AS_SVG       = Code("EAF414", "drawn-as-svg", W, "A view eaf draws itself (the roadmap's timeline) is written as SVG whatever format was asked for.", "Open the .svg in a browser (the site shows it as is), or convert it with an SVG tool (rsvg-convert, Inkscape) when a PNG is needed.")
SELECTOR_EMPTY     = Code("EAF403", "selector-empty", W, "A selector selects nothing.", "Check the spelling of the values.")

# EAF5xx: rules, gaps and completeness
RULE_VIOLATED      = Code("EAF501", "rule-violated", E, "An element does not conform to a rule of the framework.", "Change the model, or the architecture, so the rule holds; the legal basis says why.")
KPI_MISSED         = Code("EAF510", "kpi-missed", W, "A KPI's deadline has passed without reaching its target.", "Plan the work that closes the gap, or record why the target moved.")
KPI_NO_VALUE       = Code("EAF511", "kpi-no-value", W, "A gate KPI has no value at a date it is checked.", "Make the KPI computable from the model, or record a reported value for that date.")
GAP_UNCOVERED      = Code("EAF520", "gap-uncovered", W, "A change between plateaus is delivered by no work package.", "Add the element to the 'delivers' list of the work package that brings it.")
WORK_PACKAGE_LATE  = Code("EAF522", "work-package-late", W, "A work package ends after the plateau of its phase.", "Move the package to a later phase, or bring its end forward.")
WORK_PACKAGE_IDLE  = Code("EAF521", "work-package-idle", W, "A work package delivers nothing that changes between the plateaus.", "Check its 'delivers' list and its phase.")

# EAF6xx: imports and exports
UNKNOWN_HEADER     = Code("EAF601", "unknown-header", E, "A column header of an inventory names no field.", "Rename the column to a field (its key, or its Vietnamese or English label), map it with --map, or map it to \"\" to leave it out.")
DUPLICATE_HEADER   = Code("EAF602", "duplicate-header", E, "Two columns of an inventory name the same field, or one header could name several.", "Keep one column per field; write the field's key (e.g. 'type') when a label is ambiguous.")
MISSING_COLUMN     = Code("EAF603", "missing-column", E, "An inventory has no column for a required field.", "Add the column (its key or its Vietnamese or English label) or map one with --map.")
CELL_SYNTAX        = Code("EAF604", "cell-syntax", E, "A cell cannot be read as its field's value.", "Write the value as the field's description says; lists and objects in one cell are YAML flow text, e.g. [a, b].")
CELL_NUMBER        = Code("EAF605", "number-as-text", W, "A text field's cell holds a number: leading zeros or trailing decimals may be lost.", "Format the column as text in the spreadsheet and type the value again.")
FORMULA_CELL       = Code("EAF606", "formula-cell", E, "A cell holds a spreadsheet formula.", "eaf never evaluates formulas: replace the formula with its value (copy, then paste values).")
SHEET_IGNORED      = Code("EAF607", "sheet-ignored", W, "A sheet or file of an inventory is not read.", "Name the sheet after a kind (e.g. 'system') or a child table (e.g. 'system.links').")
ORPHAN_ROW         = Code("EAF608", "orphan-row", E, "A row of a child table names an element the main table does not hold.", "Write the id of an element of the main table in its 'element' column.")
OUTPUT_EXISTS      = Code("EAF609", "output-exists", E, "An import would replace a file that holds something else.", "Pass --force to replace it, or choose another --out file; comments in the replaced file are lost.")
UNREADABLE_INPUT   = Code("EAF610", "unreadable-input", E, "An inventory or exchange file cannot be read.", "Check that the file is a CSV (UTF-8), an XLSX workbook or an ArchiMate exchange file, as named.")
EXTRA_CELL         = Code("EAF611", "extra-cell", E, "A row has more cells than the header has columns.", "Give the column a header, or remove the stray value.")
UNMAPPED_CONCEPT   = Code("EAF612", "unmapped-concept", W, "An element of an exchange file has no eaf kind and is not imported.", "Give it a property 'eaf:kind' naming an eaf kind, or model it as a type eaf maps (see the export reference).")

# EAF9xx: internal
INTERNAL           = Code("EAF901", "internal-error", E, "eaf failed unexpectedly.", "Run again with --debug and report the traceback.")
# fmt: on

CATALOGUE: tuple[Code, ...] = tuple(
    sorted((v for v in globals().values() if isinstance(v, Code)), key=lambda c: c.id)
)

# The check each family belongs to: JUnit test cases, SARIF rule groups and `eaf check`'s
# summary name a diagnostic's check. Longest prefix wins.
_CHECKS = (
    ("EAF1", "yaml"),
    ("EAF2", "schema"),
    ("EAF3", "references"),
    ("EAF40", "selectors"),
    ("EAF41", "diagrams"),
    ("EAF50", "conformance"),
    ("EAF51", "kpis"),
    ("EAF52", "roadmap"),
    ("EAF6", "interop"),
    ("EAF9", "internal"),
)
CHECKS: tuple[str, ...] = tuple(name for _, name in _CHECKS)
VALIDATE_CHECKS: tuple[str, ...] = ("yaml", "schema", "references", "selectors")
"""What `eaf validate` runs; `eaf check` adds conformance, kpis and roadmap."""
ANALYSIS_CHECKS: tuple[str, ...] = ("conformance", "kpis", "roadmap")
"""What `eaf check` adds to validation, on a model without errors."""
CHECKS_OF_COMMAND: dict[str, tuple[str, ...]] = {
    "validate": VALIDATE_CHECKS,
    "check": VALIDATE_CHECKS + ANALYSIS_CHECKS,
}
"""The checks each checking command sets out to run (a JUnit report lists the ones it skipped)."""


def check_of(code_id: str) -> str:
    """The check a diagnostic code belongs to, e.g. 'EAF301' → 'references'."""
    best = max((p for p, _ in _CHECKS if code_id.startswith(p)), key=len, default="")
    return dict(_CHECKS).get(best, "internal")


def code_by_id(code_id: str) -> Code | None:
    return next((c for c in CATALOGUE if c.id == code_id), None)
