# cython: language_level=3, boundscheck=False, wraparound=False
"""`blogmigrate.treewalk`'s walk in C: one pass over libxml2's tree through lxml's public C API.

It gives exactly what `treewalk.walk_with_xpath` gives (tests/test_treewalk.py compares the two on
every fixture and corpus page): the values are read from libxml2's nodes directly, with no XPath
node set and no string that knows its element, each distinct value made once, and an element
proxy is made only for the elements listed (the classed ones, the first of each id and those of
the rare tags), as the XPath results make them.

`text_holders` is the other pass: the elements holding the text nodes under ``<body>`` that pass
a `treewalk.TextTest`, as that test's XPath finds them (the same tests compare the two).
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.ref cimport PyObject
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memchr, memcmp, memset, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode

cetree.import_lxml__etree()

cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object text, Py_ssize_t* size) except NULL

cdef extern from "string.h":
    void* memmem(const void* haystack, size_t haystack_length, const void* needle, size_t length)

cdef enum:
    TRIGRAM_BYTES = 8192  # 2 ** 16 bits: ~5 % of them set by a page's 20 KB of attribute values
    LINE_BREAK = 10
    MAX_RARE_TAGS = 64


cdef inline unsigned int _trigram_bit(const unsigned char* text) noexcept:
    cdef unsigned int packed = text[0] | (<unsigned int> text[1] << 8) | (<unsigned int> text[2] << 16)
    return ((packed * 2654435761u) >> 7) & 0xFFFF


cdef inline void _add_trigrams(unsigned char* bits, const unsigned char* text, size_t length) noexcept:
    cdef size_t at
    cdef unsigned int bit
    for at in range(length - 2 if length > 2 else 0):
        bit = _trigram_bit(text + at)
        bits[bit >> 3] |= 1 << (bit & 7)


def may_contain(bytes trigrams not None, str text not None):
    """False when no attribute value of the walked tree can contain ``text``: some three bytes of
    its UTF-8 are in none of them (`TreeWalk.trigrams`). True says nothing: search the values."""
    cdef Py_ssize_t size, at
    cdef const unsigned char* encoded
    cdef const unsigned char* bits = <const unsigned char*> PyBytes_AS_STRING(trigrams)
    cdef unsigned int bit
    try:
        encoded = <const unsigned char*> PyUnicode_AsUTF8AndSize(text, &size)
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8, and no value holds it either
        return True  # (said by the search, which the filter never replaces with a guess)
    if len(trigrams) != TRIGRAM_BYTES or memchr(encoded, LINE_BREAK, size) is not NULL:
        return True  # a text with a line break may span two values of the joined text
    for at in range(size - 2 if size > 2 else 0):
        bit = _trigram_bit(encoded + at)
        if not bits[bit >> 3] & (1 << (bit & 7)):
            return False
    return True


cdef inline object _text(const tree.xmlChar* content):
    cdef const char* text = <const char*> content
    return PyUnicode_DecodeUTF8(text, strlen(text), NULL)


cdef struct Seen:
    # A distinct attribute value met by the walk: its bytes (in the tree, which the walk does not
    # change) and its string, which the walk's set of values holds.
    unsigned long long hash
    const char* text
    size_t length
    PyObject* value


cdef struct SeenValues:
    Seen* slots  # open addressing, a power of two of them, at most half used
    size_t mask
    size_t used


cdef int _grow(SeenValues* seen) except -1:
    """Twice the slots (the first 1 024), the values met so far placed again."""
    cdef size_t size = (seen.mask + 1) * 2 if seen.slots is not NULL else 1024
    cdef Seen* slots = <Seen*> PyMem_Malloc(size * sizeof(Seen))
    cdef size_t at, place
    if slots is NULL:
        raise MemoryError()
    memset(slots, 0, size * sizeof(Seen))
    if seen.slots is not NULL:
        for at in range(seen.mask + 1):
            if seen.slots[at].value is not NULL:
                place = seen.slots[at].hash & (size - 1)
                while slots[place].value is not NULL:
                    place = (place + 1) & (size - 1)
                slots[place] = seen.slots[at]
        PyMem_Free(seen.slots)
    seen.slots = slots
    seen.mask = size - 1
    return 0


cdef object _attribute_value(
    xmlAttr* attribute, unsigned char* trigrams, SeenValues* seen, set values
):
    """The attribute's string value, as XPath gives it: its text nodes' contents, joined. A value
    met before is the string made then (most values repeat: a page's ~1 000 hold ~470 distinct);
    a new one is added to ``values``, and its trigrams to ``trigrams``."""
    cdef xmlNode* child = attribute.children
    cdef const char* content
    cdef size_t length = 0, place
    cdef unsigned long long hash = 14695981039346656037ULL  # FNV-1a
    if child is NULL:
        value = ""
        values.add(value)
        return value
    if child.next is NULL and child.content is not NULL:  # the one text node of a parsed value
        content = <const char*> child.content
        while content[length] != 0:
            hash = (hash ^ <unsigned char> content[length]) * 1099511628211ULL
            length += 1
        place = hash & seen.mask
        while seen.slots[place].value is not NULL:
            if (
                seen.slots[place].hash == hash
                and seen.slots[place].length == length
                and memcmp(seen.slots[place].text, content, length) == 0
            ):
                return <object> seen.slots[place].value
            place = (place + 1) & seen.mask
        _add_trigrams(trigrams, <const unsigned char*> content, length)
        value = PyUnicode_DecodeUTF8(content, length, NULL)
        values.add(value)
        seen.slots[place].hash = hash
        seen.slots[place].text = content
        seen.slots[place].length = length
        seen.slots[place].value = <PyObject*> value
        seen.used += 1
        if seen.used * 2 > seen.mask:
            _grow(seen)
        return value
    parts = []
    while child is not NULL:
        if child.content is not NULL:
            parts.append(_text(child.content))
        child = child.next
    value = "".join(parts)
    encoded = value.encode()
    _add_trigrams(trigrams, <const unsigned char*> PyBytes_AS_STRING(encoded), len(encoded))
    values.add(value)
    return value


cdef struct TagTest:
    # The rare tags' UTF-8 names, and a bit for the first two bytes of each: most elements (div,
    # p, a, span, li) are told apart by those, without making a string of their tag.
    int count
    unsigned char pairs[8192]
    const char* names[MAX_RARE_TAGS]


cdef inline unsigned int _first_pair(const char* name) noexcept:
    """The first two bytes of a tag (its NUL as the second for a one-letter tag)."""
    cdef const unsigned char* text = <const unsigned char*> name
    return text[0] | ((<unsigned int> text[1] << 8) if text[0] else 0)


cdef inline int _rare_tag(const TagTest* test, const char* name) noexcept:
    """The number of the rare tag ``name`` is, or -1."""
    cdef int number
    cdef unsigned int pair = _first_pair(name)
    if not test.pairs[pair >> 3] & (1 << (pair & 7)):
        return -1
    for number in range(test.count):
        if strcmp(name, test.names[number]) == 0:
            return number
    return -1


def walk(cetree._Element root not None, frozenset rare_tags not None):
    """(class values, classed elements, distinct attribute values, rare tags, their elements, the
    first element of each id value, trigrams of the attribute values): the attributes over the
    whole document root's tree (``/descendant::*/@…``), in document order, the rare tags'
    elements at or below ``root`` (``root.iter(*rare_tags)``)."""
    cdef cetree._Document document = root._doc
    cdef list class_values = [], classed = [], tags = [], tagged = []
    cdef dict first_ids = {}
    cdef set values = set()
    cdef unsigned char trigrams[TRIGRAM_BYTES]
    cdef TagTest tag_test
    cdef SeenValues seen
    cdef int number
    cdef unsigned int pair
    cdef list rare = [tag for tag in rare_tags if isinstance(tag, str) and tag and "\0" not in tag]
    cdef list rare_encoded = [tag.encode() for tag in rare]  # kept alive for tag_test.names
    if len(rare) > MAX_RARE_TAGS:
        raise ValueError(f"at most {MAX_RARE_TAGS} rare tags, not {len(rare)}")
    memset(trigrams, 0, TRIGRAM_BYTES)
    memset(tag_test.pairs, 0, 8192)
    tag_test.count = len(rare)
    for number in range(tag_test.count):
        tag_test.names[number] = PyBytes_AS_STRING(rare_encoded[number])
        pair = _first_pair(tag_test.names[number])
        tag_test.pairs[pair >> 3] |= 1 << (pair & 7)
    seen.slots = NULL
    seen.mask = 0
    seen.used = 0
    _grow(&seen)
    try:
        _walk(
            root, document, &tag_test, rare, trigrams, &seen,
            values, class_values, classed, tags, tagged, first_ids,
        )
    finally:
        PyMem_Free(seen.slots)
    found_trigrams = PyBytes_FromStringAndSize(<const char*> trigrams, TRIGRAM_BYTES)
    return class_values, classed, frozenset(values), tags, tagged, first_ids, found_trigrams


cdef inline xmlNode* _document_top(xmlNode* node) noexcept:
    """The topmost element above ``node``: the root element of its document (or fragment)."""
    while node.parent is not NULL and node.parent.type == tree.XML_ELEMENT_NODE:
        node = node.parent
    return node


cdef inline xmlNode* _after(xmlNode* node, xmlNode* top, xmlNode* watched, bint* left) noexcept:
    """The node that follows ``node`` and its descendants in document order, or NULL past the end
    of ``top``'s subtree. ``left`` is set when the step goes out of ``watched`` (an element the
    walk must know it is no longer inside)."""
    while node is not top and node.next is NULL:
        if node is watched:
            left[0] = True
        node = node.parent
    if node is top:
        return NULL
    if node is watched:
        left[0] = True
    return node.next


cdef int _walk(
    cetree._Element root,
    cetree._Document document,
    const TagTest* tag_test,
    list rare,
    unsigned char* trigrams,
    SeenValues* seen,
    set values,
    list class_values,
    list classed,
    list tags,
    list tagged,
    dict first_ids,
) except -1:
    cdef xmlNode* top = _document_top(root._c_node)
    cdef xmlNode* node = top
    cdef xmlAttr* attribute
    cdef bint inside = False, left
    cdef int number
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node is root._c_node:
                inside = True
            attribute = node.properties
            while attribute is not NULL:
                value = _attribute_value(attribute, trigrams, seen, values)
                if attribute.ns is NULL:
                    if strcmp(<const char*> attribute.name, b"class") == 0:
                        class_values.append(value)
                        classed.append(cetree.elementFactory(document, node))
                    elif strcmp(<const char*> attribute.name, b"id") == 0:
                        if value not in first_ids:
                            first_ids[value] = cetree.elementFactory(document, node)
                attribute = attribute.next
            if inside and node.ns is NULL:
                number = _rare_tag(tag_test, <const char*> node.name)
                if number >= 0:
                    tags.append(rare[number])
                    tagged.append(cetree.elementFactory(document, node))
            if node.children is not NULL:
                node = node.children
                continue
        left = False
        node = _after(node, top, root._c_node, &left)
        if left:
            inside = False
    return 0


cdef inline bint _xml_space(unsigned char byte) noexcept:
    """White space as XPath's normalize-space() strips it: #x20, #x9, #xD, #xA."""
    return byte == 32 or byte == 9 or byte == 10 or byte == 13


cdef inline const unsigned char* _copy_character(
    const unsigned char* text, unsigned char* out, size_t* size
) noexcept:
    """Copies the UTF-8 character at ``text`` to ``out + size``; returns what follows it."""
    cdef size_t length = 1 if text[0] < 0xC0 else 2 if text[0] < 0xE0 else 3 if text[0] < 0xF0 else 4
    cdef size_t at = 0
    while at < length and text[at] != 0:
        out[size[0]] = text[at]
        size[0] += 1
        at += 1
    return text + at


cdef bint _opens_with(const unsigned char* text, const char* pairs, size_t pairs_length) noexcept:
    """Whether ``concat(' ', substring(normalize-space(text), 1, 2), ' ')`` is in ``pairs``;
    False for a text of white space alone."""
    cdef unsigned char needle[12]
    cdef size_t size = 1
    while _xml_space(text[0]):
        text += 1
    if text[0] == 0:
        return False
    needle[0] = 32
    text = _copy_character(text, needle, &size)
    if _xml_space(text[0]):
        while _xml_space(text[0]):
            text += 1
        if text[0] != 0:  # white space inside the text: one space
            needle[size] = 32
            size += 1
    elif text[0] != 0:
        text = _copy_character(text, needle, &size)
    needle[size] = 32
    size += 1
    return memmem(pairs, pairs_length, needle, size) is not NULL


def text_holders(
    cetree._Element root not None,
    bytes opening_pairs not None,
    bytes contained not None,
    bytes ending not None,
):
    """The parent element of each text node under ``<body>`` in ``root``'s document
    (``//body/descendant::text()``), in document order, whose text passes the tests given (an
    empty bytes is no test): ``opening_pairs`` holds ``concat(' ', substring(normalize-space(),
    1, 2), ' ')``; it contains ``contained`` or ends with ``ending`` (either, when both are
    given). `treewalk.TextTest` writes the same tests as the XPath that defines them."""
    cdef cetree._Document document = root._doc
    cdef xmlNode* top = _document_top(root._c_node)
    cdef xmlNode* node = top
    cdef xmlNode* body = NULL
    cdef bint left
    cdef const unsigned char* text
    cdef size_t length
    cdef const char* pairs = PyBytes_AS_STRING(opening_pairs)
    cdef size_t pairs_length = len(opening_pairs)
    cdef const char* inner = PyBytes_AS_STRING(contained)
    cdef size_t inner_length = len(contained)
    cdef const char* last = PyBytes_AS_STRING(ending)
    cdef size_t last_length = len(ending)
    cdef bint passes
    cdef list holders = []
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if body is NULL and node.ns is NULL and strcmp(<const char*> node.name, b"body") == 0:
                body = node
            if node.children is not NULL:
                node = node.children
                continue
        elif (
            body is not NULL
            and (node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE)
            and node.content is not NULL
            and node.parent is not NULL
            and node.parent.type == tree.XML_ELEMENT_NODE
        ):
            text = <const unsigned char*> node.content
            passes = pairs_length == 0 or _opens_with(text, pairs, pairs_length)
            if passes and (inner_length or last_length):
                length = strlen(<const char*> text)
                passes = (
                    inner_length != 0 and memmem(text, length, inner, inner_length) is not NULL
                ) or (
                    last_length != 0
                    and length >= last_length
                    and memcmp(text + length - last_length, last, last_length) == 0
                )
            if passes:
                holders.append(cetree.elementFactory(document, node.parent))
        left = False
        node = _after(node, top, body, &left)
        if left:
            body = NULL
    return holders
