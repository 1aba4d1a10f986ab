# cython: language_level=3, boundscheck=False, wraparound=False
"""`blogmigrate.treewalk`'s walk in C: one pass over libxml2's tree through lxml's public C API.

It gives exactly what `treewalk.walk_with_xpath` gives (tests/test_treewalk.py compares the two on
every fixture and corpus page): the values are read from libxml2's nodes directly, with no XPath
node set and no string that knows its element, and an element proxy is made only for the
elements listed (the classed ones and those of the rare tags), as the XPath results make them.
"""

from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode

cetree.import_lxml__etree()


cdef inline object _text(const tree.xmlChar* content):
    cdef const char* text = <const char*> content
    return PyUnicode_DecodeUTF8(text, strlen(text), NULL)


cdef object _attribute_value(xmlAttr* attribute):
    """The attribute's string value, as XPath gives it: its text nodes' contents, joined."""
    cdef xmlNode* child = attribute.children
    if child is NULL:
        return ""
    if child.next is NULL and child.content is not NULL:  # the one text node of a parsed value
        return _text(child.content)
    parts = []
    while child is not NULL:
        if child.content is not NULL:
            parts.append(_text(child.content))
        child = child.next
    return "".join(parts)


def walk(cetree._Element root not None, frozenset rare_tags not None):
    """(class values, classed elements, distinct attribute values, rare tags, their elements, id
    values): the attributes over the whole document root's tree (``/descendant::*/@…``), in
    document order, the rare tags' elements at or below ``root`` (``root.iter(*rare_tags)``)."""
    cdef cetree._Document document = root._doc
    cdef xmlNode* top = root._c_node
    cdef xmlNode* node
    cdef xmlAttr* attribute
    cdef bint inside = False
    cdef list class_values = [], classed = [], tags = [], tagged = [], ids = []
    cdef set values = set()
    while top.parent is not NULL and top.parent.type == tree.XML_ELEMENT_NODE:
        top = top.parent
    node = top
    while True:
        if node.type == tree.XML_ELEMENT_NODE:
            if node is root._c_node:
                inside = True
            attribute = node.properties
            while attribute is not NULL:
                value = _attribute_value(attribute)
                values.add(value)
                if attribute.ns is NULL:
                    if strcmp(<const char*> attribute.name, b"class") == 0:
                        class_values.append(value)
                        classed.append(cetree.elementFactory(document, node))
                    elif strcmp(<const char*> attribute.name, b"id") == 0:
                        ids.append(value)
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
    return class_values, classed, frozenset(values), tags, tagged, ids
