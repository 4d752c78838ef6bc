"""The widgets' own CSS, carried into the page by the widgets themselves.

ipywidgets lays a widget out through its layout and style traits, which reach
neither inside a control (a drop-down's label and its box) nor the CSS they do
not know (sizing a box to its content). A notebook has no stylesheet to add
rules to, so they travel as a ``<style>`` element inside a hidden HTML widget
that the editor, the advisor and the calculator each hold; JupyterLab, Notebook
7, JupyterLite and the site's static notebook pages all put an HTML widget's
value on the page as it is, and a style element applies wherever it stands. The
rules themselves are data: ``data/widgets.css``.
"""

from __future__ import annotations

from functools import cache

import ipywidgets as widgets

from bmckit.package_data import read_data


@cache
def style_element() -> str:
    """``<style>`` holding the widgets' rules."""
    return f"<style>{read_data('widgets.css')}</style>"


def stylesheet() -> widgets.HTML:
    """A widget that shows nothing and puts the widgets' rules on the page: one in each editor, advisor and calculator."""
    carrier = widgets.HTML(style_element(), layout=widgets.Layout(display="none"))
    carrier.add_class("bmc-stylesheet")
    return carrier
