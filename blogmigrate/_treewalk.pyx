# cython: language_level=3, boundscheck=False, wraparound=False
"""`blogmigrate.treewalk`'s walk in C: one pass over libxml2's tree through lxml's public C API.

It gives exactly what `treewalk.walk_with_xpath` gives (tests/test_treewalk.py compares the two on
every fixture and corpus page): the values are read from libxml2's nodes directly, with no XPath
node set and no string that knows its element, and an element proxy is made only for the
elements listed (the classed ones and those of the rare tags), as the XPath results make them.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memchr, memset, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode

cetree.import_lxml__etree()

cdef extern from "Python.h":
    const char* PyUnicode_AsUTF8AndSize(object text, Py_ssize_t* size) except NULL

cdef enum:
    TRIGRAM_BYTES = 8192  # 2 ** 16 bits: ~5 % of them set by a page's 20 KB of attribute values
    LINE_BREAK = 10


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


cdef object _attribute_value(xmlAttr* attribute, unsigned char* trigrams):
    """The attribute's string value, as XPath gives it: its text nodes' contents, joined. Its
    trigrams are added to ``trigrams``."""
    cdef xmlNode* child = attribute.children
    cdef const char* content
    cdef size_t length
    if child is NULL:
        return ""
    if child.next is NULL and child.content is not NULL:  # the one text node of a parsed value
        content = <const char*> child.content
        length = strlen(content)
        _add_trigrams(trigrams, <const unsigned char*> content, length)
        return PyUnicode_DecodeUTF8(content, length, NULL)
    parts = []
    while child is not NULL:
        if child.content is not NULL:
            parts.append(_text(child.content))
        child = child.next
    value = "".join(parts)
    encoded = value.encode()
    _add_trigrams(trigrams, <const unsigned char*> PyBytes_AS_STRING(encoded), len(encoded))
    return value


def walk(cetree._Element root not None, frozenset rare_tags not None):
    """(class values, classed elements, distinct attribute values, rare tags, their elements, the
    first element of each id value, trigrams of the attribute values): the attributes over the
    whole document root's tree (``/descendant::*/@…``), in document order, the rare tags'
    elements at or below ``root`` (``root.iter(*rare_tags)``)."""
    cdef cetree._Document document = root._doc
    cdef xmlNode* top = root._c_node
    cdef xmlNode* node
    cdef xmlAttr* attribute
    cdef bint inside = False
    cdef list class_values = [], classed = [], tags = [], tagged = []
    cdef dict first_ids = {}
    cdef set values = set()
    cdef unsigned char trigrams[TRIGRAM_BYTES]
    memset(trigrams, 0, TRIGRAM_BYTES)
    while top.parent is not NULL and top.parent.type == tree.XML_ELEMENT_NODE:
        top = top.parent
    node = top
    while True:
        if node.type == tree.XML_ELEMENT_NODE:
            if node is root._c_node:
                inside = True
            attribute = node.properties
            while attribute is not NULL:
                value = _attribute_value(attribute, trigrams)
                values.add(value)
                if attribute.ns is NULL:
                    if strcmp(<const char*> attribute.name, b"class") == 0:
                        class_values.append(value)
                        classed.append(cetree.elementFactory(document, node))
                    elif strcmp(<const char*> attribute.name, b"id") == 0:
                        if value not in first_ids:
                            first_ids[value] = cetree.elementFactory(document, node)
                attribute = attribute.next
            if inside and node.ns is NULL:
                tag = _text(node.name)
                if tag in rare_tags:
                    tags.append(tag)
                    tagged.append(cetree.elementFactory(document, node))
            if node.children is not NULL:
                node = node.children
                continue
        while node is not top and node.next is NULL:  # up to the next node in document order
            if node is root._c_node:
                inside = False
            node = node.parent
        if node is top:
            break
        if node is root._c_node:
            inside = False
        node = node.next
    found_trigrams = PyBytes_FromStringAndSize(<const char*> trigrams, TRIGRAM_BYTES)
    return class_values, classed, frozenset(values), tags, tagged, first_ids, found_trigrams
