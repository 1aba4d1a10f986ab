"""cssselect's HTML translator, with two combinators written as faster XPath.

A module of its own, kept as Python: mypyc compiles selectors.py, and a compiled class cannot
extend a class of an untyped package.
"""

from __future__ import annotations

from cssselect import HTMLTranslator
from cssselect.xpath import XPathExpr


class CssTranslator(HTMLTranslator):
    def xpath_direct_adjacent_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        """``a + b``: the next element sibling, tested. cssselect writes
        ``following-sibling::*[… and position() = 1]``, which tests every later sibling (quadratic on
        a long flat comment list); libxml2 stops ``following-sibling::*[1]`` at the first one."""
        return left.join("/following-sibling::*[1]/self::", right)

    def xpath_descendant_combinator(self, left: XPathExpr, right: XPathExpr) -> XPathExpr:
        """``a b``: one descendant step. cssselect writes ``descendant-or-self::*/b``, a child step
        evaluated from every node below ``a``; the same elements (its predicates never count
        positions), without a node-set per node."""
        return left.join("/descendant::", right)


TRANSLATOR = CssTranslator()
