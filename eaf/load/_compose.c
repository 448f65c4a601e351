/* The compiled fast path for a clean model file (eaf.load.fast): the values the composer
 * (eaf.load.compose) builds, read straight from the bytes, for the plain subset of YAML that
 * model files are written in; for anything else it gives up (returns None) and the file goes on
 * to the slower paths, which decide. Giving up is never wrong, only slower.
 *
 * What it reads: block mappings and sequences (also a sequence at its key's column and
 * `- key: value` items), one-line double-quoted text with the escapes \" \\ \/ \n \t, one-line
 * single-quoted text, one-line plain text, [ ] and { } on one line, literal and folded block
 * scalars whose lines are indented alike, and comments. Plain scalars are typed as
 * eaf.load.scalars types them: null, true, false, whole numbers up to 18 digits and decimal
 * numbers. It gives up on any scalar that eaf reports or reads in some other way (`010`, `yes`,
 * `0x1F`, `.inf`, `~` as a key...), a duplicate key, a key that is not plain text or longer than
 * YAML allows, anything else that may span lines, every anchor, alias, tag and directive, '...'
 * at a line's start, a comment holding a '#' right after a bracket, comma or quote, and nesting
 * near the depth limit.
 *
 * What the caller has already checked (eaf.load.fast): the bytes are UTF-8 and NFC, hold no
 * control character but the line break (so no tab, no CR) and no noncharacter, are within the
 * size limits, and end with a line break. Every read below stays before that last line break or
 * at it. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

/* Bytes by what they may be, set up once (strchr per byte cost a tenth of the time). */
static unsigned char INDICATOR[256]; /* may not start a plain scalar ('-' is looked at apart) */
static unsigned char NOT_IN_KEY[256]; /* may not be in a plain key (or the line ends) */
static unsigned char WORD_START[256]; /* starts null, true, false or a YAML 1.1 boolean */
static unsigned char GLUED_AFTER[256]; /* before a '#' in a comment, makes the reader give up */

static void mark(unsigned char *table, const char *bytes)
{
    for (; *bytes; bytes++)
        table[(unsigned char)*bytes] = 1;
}

#define KEYS 512
/* YAML and libyaml allow a key of at most 1024 characters on its line, counted from where it
 * starts; a longer one (here in bytes, which are never fewer) makes the reader give up. */
#define LONGEST_KEY 1000

typedef struct {
    const char *s;     /* the bytes; s[n - 1] == '\n' */
    Py_ssize_t n;
    Py_ssize_t pos;    /* where reading is */
    Py_ssize_t line;   /* where the current line starts */
    Py_ssize_t indent; /* the current line's indentation, -1 at the end of the bytes */
    int depth;
    int max_depth;
    PyObject *keys[KEYS]; /* recent ASCII keys by a hash of their bytes: equal keys share one
                           * string (and its hash), made once */
    int doubt;            /* something was seen that makes the reader give up at the end */
} Reader;

/* NULL without an exception set: give up (the slower paths read the file). */
#define GIVE_UP NULL

static int is_marker(const Reader *r, Py_ssize_t at)
{
    /* '-' followed by a space or the line break: a block sequence entry. */
    return r->s[at] == '-' && (r->s[at + 1] == ' ' || r->s[at + 1] == '\n');
}

/* Where the comment at `at` ends (its line break). A '#' in it right after a bracket, a comma
 * or a quote makes the reader give up: the composer's search for comments glued to what
 * precedes them reads the whole text, comments included. */
static Py_ssize_t comment_end(Reader *r, Py_ssize_t at)
{
    const char *s = r->s;
    Py_ssize_t stop = (const char *)memchr(s + at, '\n', (size_t)(r->n - at)) - s;
    for (Py_ssize_t i = at + 1; i < stop; i++)
        if (s[i] == '#' && GLUED_AFTER[(unsigned char)s[i - 1]])
            r->doubt = 1;
    return stop;
}

/* From the start of a line: over empty lines and comment lines to the next line with content;
 * pos then points at that content and indent is its column (-1 at the end). */
static void next_content(Reader *r)
{
    while (r->pos < r->n) {
        Py_ssize_t at = r->pos;
        while (r->s[at] == ' ')
            at++;
        if (r->s[at] == '\n') {
            r->pos = at + 1;
            continue;
        }
        if (r->s[at] == '#') {
            r->pos = comment_end(r, at) + 1;
            continue;
        }
        r->line = r->pos;
        r->indent = at - r->pos;
        r->pos = at;
        return;
    }
    r->indent = -1;
}

/* After a value: spaces, then a comment after at least one space, then the line break; pos
 * then at the next line with content. 0 when anything else follows. */
static int end_line(Reader *r)
{
    Py_ssize_t at = r->pos;
    while (r->s[at] == ' ')
        at++;
    if (r->s[at] == '#') {
        if (at == r->pos)
            return 0; /* a '#' glued to the value */
        at = comment_end(r, at);
    }
    if (r->s[at] != '\n')
        return 0;
    r->pos = at + 1;
    next_content(r);
    return 1;
}

static Py_ssize_t digits(const char *a, Py_ssize_t i, Py_ssize_t len)
{
    Py_ssize_t start = i;
    while (i < len && a[i] >= '0' && a[i] <= '9')
        i++;
    return i - start;
}

/* Whether a..a+len is a number as eaf.load.scalars' _FLOAT reads one:
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int float_form(const char *a, Py_ssize_t len)
{
    Py_ssize_t i = 0;
    if (i < len && (a[i] == '-' || a[i] == '+'))
        i++;
    if (i < len && a[i] == '.') {
        Py_ssize_t d = digits(a, i + 1, len);
        if (d == 0)
            return 0;
        i += 1 + d;
    }
    else {
        Py_ssize_t d = digits(a, i, len);
        if (d == 0)
            return 0;
        i += d;
        if (i < len && a[i] == '.')
            i += 1 + digits(a, i + 1, len);
    }
    if (i < len && (a[i] == 'e' || a[i] == 'E')) {
        i++;
        if (i < len && (a[i] == '-' || a[i] == '+'))
            i++;
        Py_ssize_t d = digits(a, i, len);
        if (d == 0)
            return 0;
        i += d;
    }
    return i == len;
}

static int one_of(const char *a, Py_ssize_t len, const char *const *words)
{
    for (; *words != NULL; words++)
        if ((Py_ssize_t)strlen(*words) == len && memcmp(a, *words, (size_t)len) == 0)
            return 1;
    return 0;
}

static const char *const NULLS[] = {"~", "null", "Null", "NULL", NULL};
static const char *const TRUES[] = {"true", "True", "TRUE", NULL};
static const char *const FALSES[] = {"false", "False", "FALSE", NULL};
/* Read as text with a warning (YAML 1.1 reads them as booleans): eaf.load.scalars. */
static const char *const YAML11[] = {"y",  "Y",  "yes", "Yes", "YES", "n",   "N",   "no",
                                     "No", "NO", "on",  "On",  "ON",  "off", "Off", "OFF", NULL};

static PyObject *text(const char *a, Py_ssize_t len)
{
    return PyUnicode_DecodeUTF8(a, len, "strict");
}

/* A plain scalar's value as eaf.load.scalars.plain_scalar gives it, when it finds nothing
 * wrong with it; GIVE_UP when it reports something or the value is not one handled here. */
static PyObject *plain_value(const char *a, Py_ssize_t len)
{
    if (len == 0)
        return GIVE_UP;
    char first = a[0];
    if (len > 5 || !WORD_START[(unsigned char)first])
        goto not_a_word; /* the words below are short and start so */
    if (one_of(a, len, NULLS))
        Py_RETURN_NONE;
    if (one_of(a, len, TRUES))
        Py_RETURN_TRUE;
    if (one_of(a, len, FALSES))
        Py_RETURN_FALSE;
    if (one_of(a, len, YAML11))
        return GIVE_UP;
    return text(a, len);
not_a_word:
    if ((first >= '0' && first <= '9') || first == '+' || first == '-' || first == '.') {
        Py_ssize_t sign = (first == '+' || first == '-') ? 1 : 0;
        Py_ssize_t d = digits(a, sign, len);
        if (d > 0 && sign + d == len) { /* [-+]?[0-9]+ */
            if (d > 1 && a[sign] == '0')
                return GIVE_UP; /* a leading zero: reported */
            if (d > 18)
                return GIVE_UP;
            long long v = 0;
            for (Py_ssize_t i = sign; i < len; i++)
                v = v * 10 + (a[i] - '0');
            return PyLong_FromLongLong(first == '-' ? -v : v);
        }
        if (len > 1 && first == '0' && (a[1] == 'o' || a[1] == 'x'))
            return GIVE_UP; /* octal or hexadecimal (or text that starts alike) */
        if (float_form(a, len)) {
            PyObject *s = text(a, len);
            if (s == NULL)
                return NULL;
            PyObject *number = PyFloat_FromString(s);
            Py_DECREF(s);
            if (number == NULL)
                return NULL;
            if (!isfinite(PyFloat_AS_DOUBLE(number))) {
                Py_DECREF(number);
                return GIVE_UP; /* too large: reported */
            }
            return number;
        }
        /* .inf, .nan and their spellings are reported; other text starting so is text. */
        for (Py_ssize_t i = 0; i < len; i++)
            if (a[i] == 'i' || a[i] == 'I' || a[i] == 'n' || a[i] == 'N')
                if (len <= 5)
                    return GIVE_UP;
    }
    return text(a, len);
}

static int starts_otherwise(char c)
{
    return INDICATOR[(unsigned char)c];
}

/* Quoted text on one line, from the opening quote; pos after the closing one. In double quotes
 * the escapes \" \\ \/ \n \t (any other makes the reader give up), in single quotes '' for a
 * quote. */
static PyObject *quoted(Reader *r)
{
    const char *s = r->s;
    char quote = s[r->pos];
    int single = quote == '\'';
    Py_ssize_t at = r->pos + 1, start = at;
    int escaped = 0;
    for (;; at++) {
        char c = s[at];
        if (c == '\n')
            return GIVE_UP;
        if (c == quote) {
            if (!single || s[at + 1] != '\'')
                break;
            escaped = 1;
            at++;
        }
        else if (c == '\\' && !single) {
            char e = s[at + 1];
            if (e != '"' && e != '\\' && e != '/' && e != 'n' && e != 't')
                return GIVE_UP;
            escaped = 1;
            at++;
        }
    }
    r->pos = at + 1;
    if (!escaped)
        return text(s + start, at - start);
    char *buffer = PyMem_Malloc((size_t)(at - start));
    if (buffer == NULL)
        return PyErr_NoMemory();
    Py_ssize_t out = 0;
    for (Py_ssize_t i = start; i < at; i++) {
        char c = s[i];
        if (single && c == '\'')
            i++; /* the second of '' */
        else if (!single && c == '\\') {
            char e = s[++i];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
        buffer[out++] = c;
    }
    PyObject *value = text(buffer, out);
    PyMem_Free(buffer);
    return value;
}

/* Where a plain scalar may start: not at an indicator, nor at a '-' unless a number follows. */
static int plain_start(const Reader *r)
{
    char c = r->s[r->pos];
    if (c == ' ' || c == '\n' || starts_otherwise(c))
        return 0;
    if (c == '-') {
        char d = r->s[r->pos + 1];
        return (d >= '0' && d <= '9') || d == '.';
    }
    return 1;
}

/* A plain scalar in a block, to the end of its line or a comment; pos after it. */
static PyObject *block_plain(Reader *r)
{
    if (!plain_start(r))
        return GIVE_UP;
    Py_ssize_t start = r->pos, at = start, end = start;
    for (;; at++) {
        char c = r->s[at];
        if (c == '\n')
            break;
        if (c == ' ') {
            if (r->s[at + 1] == '#')
                break;
            continue;
        }
        if (c == ':' && (r->s[at + 1] == ' ' || r->s[at + 1] == '\n'))
            return GIVE_UP; /* a key where a value is */
        end = at + 1;
    }
    r->pos = end;
    return plain_value(r->s + start, end - start);
}

/* A plain scalar in [ ] or { }: up to ',', ']', '}' (no ':', '[', '{', '#' in it). */
static PyObject *flow_plain(Reader *r)
{
    if (!plain_start(r))
        return GIVE_UP;
    Py_ssize_t start = r->pos, at = start, end = start;
    for (;; at++) {
        char c = r->s[at];
        if (c == ',' || c == ']' || c == '}')
            break;
        if (c == '\n' || c == ':' || c == '[' || c == '{' || c == '#' || c == '"' || c == '\'')
            return GIVE_UP;
        if (c != ' ')
            end = at + 1;
    }
    r->pos = end;
    return plain_value(r->s + start, end - start);
}

static void spaces(Reader *r)
{
    while (r->s[r->pos] == ' ')
        r->pos++;
}

/* The key's text: the string made for the same bytes before, when it is still known. */
static PyObject *key_text(Reader *r, const char *a, Py_ssize_t len)
{
    size_t hash = 2166136261u;
    for (Py_ssize_t i = 0; i < len; i++)
        hash = (hash ^ (unsigned char)a[i]) * 16777619u;
    PyObject **slot = &r->keys[hash % KEYS];
    PyObject *known = *slot;
    if (known != NULL && PyUnicode_GET_LENGTH(known) == len &&
        memcmp(PyUnicode_1BYTE_DATA(known), a, (size_t)len) == 0) {
        Py_INCREF(known);
        return known;
    }
    PyObject *k = text(a, len);
    if (k != NULL && PyUnicode_IS_ASCII(k)) {
        Py_XSETREF(*slot, k);
        Py_INCREF(k);
    }
    return k;
}

/* A key's text (plain or double-quoted without escapes), ending with ':' and then a space or
 * (`line_break`) the line break; pos after the ':'. Keys are text: a key eaf would type (null,
 * a number, yes) or report makes it give up. */
static PyObject *key(Reader *r, int line_break)
{
    Py_ssize_t from = r->pos, start = r->pos, end;
    const char *s = r->s;
    if (s[start] == '"') {
        end = start + 1;
        while (s[end] != '"') {
            if (s[end] == '\n' || s[end] == '\\')
                return GIVE_UP;
            end++;
        }
        if (end == start + 1)
            return GIVE_UP;
        start++;
        r->pos = end + 1;
    }
    else {
        if (!plain_start(r) || s[start] == '-')
            return GIVE_UP;
        if (s[start] == '.' && s[start + 1] == '.' && s[start + 2] == '.')
            return GIVE_UP; /* '...' ends a document at the start of a line */
        end = start;
        while (!(s[end] == ':' && (s[end + 1] == ' ' || (line_break && s[end + 1] == '\n')))) {
            char c = s[end];
            if (NOT_IN_KEY[(unsigned char)c] || (c == ':' && !line_break))
                return GIVE_UP; /* in { }, libyaml ends plain text at some ':' (':?') */
            end++;
        }
        if (s[end - 1] == ' ')
            return GIVE_UP; /* 'key :' */
        r->pos = end;
        PyObject *typed = plain_value(s + start, end - start);
        if (typed == NULL)
            return NULL;
        int is_text = PyUnicode_CheckExact(typed);
        Py_DECREF(typed);
        if (!is_text)
            return GIVE_UP;
    }
    if (s[r->pos] != ':' || !(s[r->pos + 1] == ' ' || (line_break && s[r->pos + 1] == '\n')))
        return GIVE_UP;
    if (r->pos - from > LONGEST_KEY)
        return GIVE_UP;
    r->pos++;
    return key_text(r, s + start, end - start);
}

/* Sets key → value in the mapping (taking both references); 0 on a duplicate key (give up)
 * or an error. */
static int put(PyObject *mapping, PyObject *k, PyObject *value)
{
    int found = PyDict_Contains(mapping, k);
    int ok = found == 0 && PyDict_SetItem(mapping, k, value) == 0;
    Py_DECREF(k);
    Py_DECREF(value);
    return ok;
}

static int deeper(Reader *r)
{
    return ++r->depth <= r->max_depth;
}

static PyObject *flow_mapping(Reader *r);
static PyObject *flow_sequence(Reader *r);

/* A node inside [ ] or { }: a scalar, or [ ] or { } in turn. */
static PyObject *flow_node(Reader *r)
{
    char c = r->s[r->pos];
    if (c == '"' || c == '\'')
        return quoted(r);
    if (c == '{')
        return flow_mapping(r);
    if (c == '[')
        return flow_sequence(r);
    return flow_plain(r);
}

/* After an entry of [ ] or { }: 0 at the closing bracket, 1 after a ',' (pos then at the next
 * entry), -1 at anything else (give up). */
static int after_entry(Reader *r, char closing)
{
    spaces(r);
    if (r->s[r->pos] == closing)
        return 0;
    if (r->s[r->pos] != ',')
        return -1;
    r->pos++;
    spaces(r);
    return 1;
}

/* One entry of { }: 'key: value' put into the mapping; 0 to give up or on an error. */
static int mapping_entry(Reader *r, PyObject *mapping)
{
    PyObject *k = key(r, 0);
    if (k == NULL)
        return 0;
    spaces(r);
    PyObject *value = flow_node(r);
    if (value == NULL) {
        Py_DECREF(k);
        return 0;
    }
    return put(mapping, k, value);
}

/* One item of [ ], appended to the list; 0 to give up or on an error. */
static int sequence_entry(Reader *r, PyObject *items)
{
    PyObject *item = flow_node(r);
    if (item == NULL)
        return 0;
    int added = PyList_Append(items, item);
    Py_DECREF(item);
    return added == 0;
}

/* [ ] or { } on one line, its entries read into `collection` (a new list or dict, taken) by
 * `entry`; pos after the closing bracket. */
static PyObject *flow_collection(
    Reader *r, PyObject *collection, char closing, int (*entry)(Reader *, PyObject *))
{
    if (collection == NULL)
        return NULL;
    if (!deeper(r))
        goto fail;
    r->pos++;
    spaces(r);
    if (r->s[r->pos] != closing) {
        for (;;) {
            if (!entry(r, collection))
                goto fail;
            int more = after_entry(r, closing);
            if (more < 0)
                goto fail;
            if (!more)
                break;
        }
    }
    r->pos++;
    r->depth--;
    return collection;
fail:
    Py_DECREF(collection);
    return NULL;
}

static PyObject *flow_mapping(Reader *r)
{
    return flow_collection(r, PyDict_New(), '}', mapping_entry);
}

static PyObject *flow_sequence(Reader *r)
{
    return flow_collection(r, PyList_New(0), ']', sequence_entry);
}

/* A value on the line it starts on (after 'key: ' or '- '), to the end of that line; pos then
 * at the next line with content. */
static PyObject *inline_value(Reader *r)
{
    char c = r->s[r->pos];
    PyObject *value;
    if (c == '"' || c == '\'')
        value = quoted(r);
    else if (c == '[')
        value = flow_sequence(r);
    else if (c == '{')
        value = flow_mapping(r);
    else
        value = block_plain(r);
    if (value != NULL && !end_line(r)) {
        Py_DECREF(value);
        return GIVE_UP;
    }
    return value;
}

/* Appends n bytes to a growing buffer; 0 when out of memory. */
typedef struct {
    char *data;
    Py_ssize_t size, used;
} Buffer;

static int append(Buffer *b, const char *bytes, Py_ssize_t n)
{
    if (b->used + n > b->size) {
        Py_ssize_t size = (b->used + n) * 2;
        char *grown = PyMem_Realloc(b->data, (size_t)size);
        if (grown == NULL)
            return 0;
        b->data = grown;
        b->size = size;
    }
    memcpy(b->data + b->used, bytes, (size_t)n);
    b->used += n;
    return 1;
}

/* A block scalar (`|`, `|-`, `>` or `>-`, the header at pos) whose lines are indented more
 * than `parent` and all alike: its text, as YAML 1.2 folds or keeps it; pos then at the next
 * line with content. It gives up on the rest: keeping (+) or explicit indentation, an empty
 * first line, spaces beyond the indentation on a line (more-indented lines fold otherwise),
 * nothing at all. */
static PyObject *block_scalar(Reader *r, Py_ssize_t parent)
{
    const char *s = r->s;
    int folded = s[r->pos] == '>';
    Py_ssize_t at = r->pos + 1;
    int strip = s[at] == '-';
    if (strip)
        at++;
    Py_ssize_t after = at;
    while (s[at] == ' ')
        at++;
    if (s[at] == '#' && at > after)
        at = comment_end(r, at);
    if (s[at] != '\n' || at + 1 >= r->n)
        return GIVE_UP;
    at++; /* the first line */
    Py_ssize_t indent = 0;
    while (s[at + indent] == ' ')
        indent++;
    if (s[at + indent] == '\n' || indent <= parent)
        return GIVE_UP;
    Buffer b = {NULL, 0, 0};
    Py_ssize_t empty = 0; /* empty lines since the last line of text */
    int first = 1;
    while (at < r->n) {
        Py_ssize_t sp = 0;
        while (s[at + sp] == ' ')
            sp++;
        const char *end = memchr(s + at + sp, '\n', (size_t)(r->n - at - sp));
        Py_ssize_t next = end - s + 1;
        if (s[at + sp] == '\n') { /* an empty line (spaces only) */
            if (sp > indent)
                goto give_up;
            empty++;
            at = next;
            continue;
        }
        if (sp < indent) {
            if (sp > parent)
                goto give_up; /* neither in the scalar nor where its parent goes on */
            break;
        }
        if (sp > indent)
            goto give_up;
        /* A line of text: what separates it from the one before. */
        if (!first) {
            if (folded && empty == 0) {
                if (!append(&b, " ", 1))
                    goto no_memory;
            }
            else {
                Py_ssize_t breaks = folded ? empty : empty + 1;
                for (Py_ssize_t k = 0; k < breaks; k++)
                    if (!append(&b, "\n", 1))
                        goto no_memory;
            }
        }
        if (!append(&b, s + at + indent, next - 1 - at - indent))
            goto no_memory;
        first = 0;
        empty = 0;
        at = next;
    }
    if (!strip && !append(&b, "\n", 1))
        goto no_memory; /* clip: one line break, the trailing empty lines dropped */
    PyObject *value = text(b.data == NULL ? "" : b.data, b.used);
    PyMem_Free(b.data);
    if (value == NULL)
        return NULL;
    r->pos = at < r->n ? at : r->n;
    next_content(r);
    return value;
give_up:
    PyMem_Free(b.data);
    return GIVE_UP;
no_memory:
    PyMem_Free(b.data);
    return PyErr_NoMemory();
}

static PyObject *block_node(Reader *r);
static PyObject *block_sequence(Reader *r);
static PyObject *block_mapping(Reader *r, Py_ssize_t column);

/* Whether the text at pos is a key (then ':' and a space or the line break) on this line. */
static int key_ahead(const Reader *r)
{
    const char *s = r->s;
    Py_ssize_t at = r->pos;
    if (s[at] == '[' || s[at] == '{')
        return 0; /* '- {a: 1}': a flow collection, not a key */
    if (s[at] == '"') {
        at++;
        while (s[at] != '"' && s[at] != '\n')
            at += s[at] == '\\' && s[at + 1] != '\n' ? 2 : 1;
        if (s[at] == '\n')
            return 0;
        at++;
        return s[at] == ':' && (s[at + 1] == ' ' || s[at + 1] == '\n');
    }
    for (; s[at] != '\n'; at++) {
        if (s[at] == ' ' && s[at + 1] == '#')
            return 0;
        if (s[at] == ':' && (s[at + 1] == ' ' || s[at + 1] == '\n'))
            return 1;
    }
    return 0;
}

/* What follows 'key:' (column: the mapping's) or '-' (column: the sequence's, `item`): a value
 * on the same line, or a block on the lines below. */
static PyObject *after_indicator(Reader *r, Py_ssize_t column, int item)
{
    spaces(r);
    char c = r->s[r->pos];
    if (c != '\n' && c != '#') {
        if (item && is_marker(r, r->pos))
            return GIVE_UP; /* '- - x' */
        if (c == '|' || c == '>')
            return block_scalar(r, column);
        if (item && key_ahead(r)) /* '- key: value': a mapping at this column */
            return block_mapping(r, r->pos - r->line);
        return inline_value(r);
    }
    /* Nothing more on the line, or a comment (after the space that follows the indicator). */
    r->pos = comment_end(r, r->pos) + 1;
    next_content(r);
    if (r->indent > column)
        return block_node(r);
    if (item)
        return GIVE_UP; /* an empty item */
    if (r->indent == column && is_marker(r, r->pos))
        return block_sequence(r); /* the sequence at its key's column */
    Py_RETURN_NONE; /* 'key:' with nothing: null */
}

static PyObject *block_sequence(Reader *r)
{
    Py_ssize_t column = r->indent;
    if (!deeper(r))
        return GIVE_UP;
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return NULL;
    for (;;) {
        r->pos++; /* the '-' */
        PyObject *item = after_indicator(r, column, 1);
        if (item == NULL)
            goto fail;
        int added = PyList_Append(items, item);
        Py_DECREF(item);
        if (added < 0)
            goto fail;
        if (r->indent < column)
            break;
        if (r->indent > column)
            goto fail;
        if (!is_marker(r, r->pos))
            break; /* a key at this column: the mapping the sequence is a value of goes on */
    }
    r->depth--;
    return items;
fail:
    Py_DECREF(items);
    return NULL;
}

static PyObject *block_mapping(Reader *r, Py_ssize_t column)
{
    if (!deeper(r))
        return GIVE_UP;
    PyObject *mapping = PyDict_New();
    if (mapping == NULL)
        return NULL;
    for (;;) {
        PyObject *k = key(r, 1);
        if (k == NULL)
            goto fail;
        PyObject *value = after_indicator(r, column, 0);
        if (value == NULL) {
            Py_DECREF(k);
            goto fail;
        }
        if (!put(mapping, k, value))
            goto fail;
        if (r->indent < column)
            break;
        if (r->indent > column || is_marker(r, r->pos))
            goto fail;
    }
    r->depth--;
    return mapping;
fail:
    Py_DECREF(mapping);
    return NULL;
}

/* The block at pos (the first content of a line). */
static PyObject *block_node(Reader *r)
{
    if (is_marker(r, r->pos))
        return block_sequence(r);
    return block_mapping(r, r->indent);
}

static PyObject *compose(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_buffer raw;
    int max_depth;
    if (!PyArg_ParseTuple(args, "y*i", &raw, &max_depth))
        return NULL;
    PyObject *result = NULL;
    const char *s = raw.buf;
    if (raw.len == 0 || s[raw.len - 1] != '\n' || memchr(s, '\0', (size_t)raw.len) != NULL) {
        PyBuffer_Release(&raw);
        Py_RETURN_NONE;
    }
    Reader r = {s, raw.len, 0, 0, -1, 0, max_depth, {NULL}, 0};
    next_content(&r);
    if (r.indent == 0)
        result = block_node(&r);
    if (result != NULL && (r.indent != -1 || r.doubt))
        Py_CLEAR(result); /* something after the top block, or a doubt */
    for (int i = 0; i < KEYS; i++)
        Py_XDECREF(r.keys[i]);
    PyBuffer_Release(&raw);
    if (result == NULL && !PyErr_Occurred())
        Py_RETURN_NONE;
    return result;
}

static PyMethodDef methods[] = {
    {"compose", compose, METH_VARARGS,
     "compose(raw: bytes, max_depth: int) -> the file's values, or None to give up."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "eaf.load._compose",
    .m_doc = "The compiled fast path for clean files.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__compose(void)
{
    mark(INDICATOR, "?:,[]{}#&*!|>'\"%@`");
    mark(NOT_IN_KEY, "\n,[]{}\"'#");
    mark(WORD_START, "~nNtTfFyYoO");
    mark(GLUED_AFTER, "[{,\"']}");
    return PyModule_Create(&module);
}
