"""Pages generated from the edition's data: MyST markup written by a directive and
parsed in its place."""
from docutils import nodes
from docutils.statemachine import StringList


def parse_generated(directive, lines: list[str]) -> list[nodes.Node]:
    """Parse ``lines`` of MyST in the directive's place, in a container named after it."""
    container = nodes.container(classes=[f"edition-{directive.name}"])
    directive.state.nested_parse(StringList(lines, source=directive.get_source_info()[0]),
                                 directive.content_offset, container)
    # Written from the data in the page's language: not for the chapters' catalogs. (Inline
    # nodes are never offered to translators; one marked so, Sphinx would unwrap.)
    for node in container.findall(nodes.TextElement):
        if not isinstance(node, nodes.Inline):
            node["translatable"] = False
    return [container]
