"""Write ``docs/api.md``, the API reference, from the numpydoc docstrings of the public API.

The page documents ``corridor.__all__`` and the ``__all__`` of every public subpackage
(``corridor.io``, ``corridor.routing``, ``corridor.reliability``, ...), grouped by module,
with each function's signature and its Parameters, Returns, Yields, Raises and Examples
sections. An object exported by several modules is documented once, under the first
(``corridor`` first, then the subpackages in alphabetical order), and listed by the others.

Usage::

    python tools/api_reference.py            # (re)write docs/api.md
    python tools/api_reference.py --check    # exit 1 if docs/api.md is stale

The same walk over the public API serves ``tests/unit/test_docstrings.py``, which checks
that every public function has the sections its signature calls for.
"""

from __future__ import annotations

import argparse
import ast
import enum
import importlib
import inspect
import pkgutil
import re
import sys
import textwrap
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
API_PAGE = ROOT / "docs" / "api.md"

PACKAGE = "corridor"
# Subpackages that are not part of the library's Python API: the command line is
# documented by ``corridor --help``.
EXCLUDED_SUBPACKAGES = frozenset({"cli"})

SECTION_NAMES = (
    "Parameters",
    "Returns",
    "Yields",
    "Receives",
    "Other Parameters",
    "Raises",
    "Warns",
    "Warnings",
    "See Also",
    "Notes",
    "References",
    "Examples",
    "Attributes",
    "Methods",
)
RENDERED_SECTIONS = ("Parameters", "Attributes", "Returns", "Yields", "Raises", "Examples")
_UNDERLINE = re.compile(r"^-{3,}\s*$")


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Entry:
    """One item of a numpydoc list section (a parameter, a return value, an exception).

    Parameters
    ----------
    names
        The names on the item's first line (``origin, destination`` gives two).
    type
        The type after `` : ``, or an empty string.
    description
        The indented text below the first line, dedented.
    """

    names: tuple[str, ...]
    type: str
    description: str


@dataclass(frozen=True)
class Docstring:
    """A numpydoc docstring split into its summary, extended summary and sections.

    Parameters
    ----------
    summary
        The first paragraph.
    extended
        The text between the summary and the first section.
    sections
        Section title to its raw (dedented) body, in the order they appear.
    """

    summary: str
    extended: str
    sections: dict[str, str]

    def entries(self, section: str) -> list[Entry]:
        """The items of a list section such as ``Parameters`` or ``Raises``.

        Parameters
        ----------
        section
            The section title.

        Returns
        -------
        list of Entry
            One per unindented line of the section, in order; empty if it is absent.
        """
        return parse_entries(self.sections.get(section, ""))


def parse_docstring(doc: str | None) -> Docstring:
    """Split a docstring into summary, extended summary and numpydoc sections.

    Parameters
    ----------
    doc
        The raw docstring, or ``None``.

    Returns
    -------
    Docstring
        Empty fields for a missing docstring.
    """
    text = inspect.cleandoc(doc or "")
    lines = text.splitlines()
    starts: list[tuple[int, str]] = []
    for i in range(len(lines) - 1):
        title = lines[i].strip()
        if title in SECTION_NAMES and _UNDERLINE.match(lines[i + 1].strip()):
            starts.append((i, title))
    head_end = starts[0][0] if starts else len(lines)
    head = "\n".join(lines[:head_end]).strip()
    summary, _, extended = head.partition("\n\n")
    sections: dict[str, str] = {}
    for n, (start, title) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = "\n".join(lines[start + 2 : end])
        sections[title] = textwrap.dedent(body).strip("\n")
    return Docstring(summary=summary.strip(), extended=extended.strip(), sections=sections)


def parse_entries(body: str) -> list[Entry]:
    """The items of a numpydoc list section.

    Parameters
    ----------
    body
        The dedented section body.

    Returns
    -------
    list of Entry
        One per unindented line; its indented lines are the description.
    """
    entries: list[Entry] = []
    head: str | None = None
    desc: list[str] = []

    def flush() -> None:
        if head is None:
            return
        name_part, _, type_part = head.partition(" : ")
        if not type_part and name_part.endswith(" :"):
            name_part = name_part[:-2]
        names = tuple(n.strip() for n in name_part.split(",") if n.strip())
        description = textwrap.dedent("\n".join(desc)).strip()
        entries.append(Entry(names=names, type=type_part.strip(), description=description))

    for line in body.splitlines():
        if line.strip() and not line[0].isspace():
            flush()
            head, desc = line.strip(), []
        elif head is not None:
            desc.append(line)
    flush()
    return entries


# --------------------------------------------------------------------------- the public API


@dataclass(frozen=True)
class ApiObject:
    """One documented object: a function, a class, a method, a property or a constant.

    Parameters
    ----------
    module
        The module whose ``__all__`` exports it (for a method: its class's module).
    qualname
        ``name`` or ``Class.method``.
    obj
        The object itself (for a property: the ``property``).
    kind
        ``function``, ``class``, ``method``, ``property`` or ``constant``.
    """

    module: str
    qualname: str
    obj: object
    kind: str

    @property
    def path(self) -> str:
        """The dotted path under which users reach it (``corridor.io.read_network``)."""
        return f"{self.module}.{self.qualname}"


def public_modules() -> list[str]:
    """The modules whose ``__all__`` the reference documents, ``corridor`` first.

    Returns
    -------
    list of str
        ``corridor`` and its public subpackages that export a non-empty ``__all__``.
    """
    package = importlib.import_module(PACKAGE)
    names = [PACKAGE]
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name.startswith("_") or info.name in EXCLUDED_SUBPACKAGES:
            continue
        module = importlib.import_module(f"{PACKAGE}.{info.name}")
        if getattr(module, "__all__", None):
            names.append(module.__name__)
    return names


def all_library_modules() -> list[ModuleType]:
    """Every public module of the library that declares ``__all__``.

    Private modules (a name part starting with ``_``) and the command line are left out.

    Returns
    -------
    list of ModuleType
        Sorted by dotted name.
    """
    package = importlib.import_module(PACKAGE)
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{PACKAGE}."):
        parts = info.name.split(".")[1:]
        if any(p.startswith("_") for p in parts) or parts[0] in EXCLUDED_SUBPACKAGES:
            continue
        module = importlib.import_module(info.name)
        if hasattr(module, "__all__"):
            found.append(module)
    return sorted(found, key=lambda m: m.__name__)


def _members(cls: type) -> Iterator[tuple[str, object, str]]:
    for name, raw in cls.__dict__.items():
        if name.startswith("_"):
            continue
        if isinstance(raw, property):
            yield name, raw, "property"
        elif isinstance(raw, (staticmethod, classmethod)):
            yield name, raw.__func__, "method"
        elif inspect.isfunction(raw):
            yield name, raw, "method"


def _is_class(obj: object) -> typing.TypeGuard[type]:
    return inspect.isclass(obj) and typing.get_origin(obj) is None


def exported_objects(module: ModuleType) -> list[ApiObject]:
    """The objects ``module.__all__`` exports, each class followed by its public members.

    Parameters
    ----------
    module
        A module with ``__all__``.

    Returns
    -------
    list of ApiObject
        In ``__all__`` order, then members in definition order.
    """
    found: list[ApiObject] = []
    for name in module.__all__:
        if name.startswith("__"):
            continue
        obj = getattr(module, name)
        if _is_class(obj):
            found.append(ApiObject(module.__name__, name, obj, "class"))
            if issubclass(obj, (BaseException, enum.Enum)):
                continue
            found.extend(
                ApiObject(module.__name__, f"{name}.{member}", value, kind)
                for member, value, kind in _members(obj)
            )
        elif inspect.isfunction(obj) or (callable(obj) and hasattr(obj, "__wrapped__")):
            found.append(ApiObject(module.__name__, name, obj, "function"))
        else:
            found.append(ApiObject(module.__name__, name, obj, "constant"))
    return found


# --------------------------------------------------------------------------- checks


def _raw_doc(item: ApiObject) -> str | None:
    doc = getattr(item.obj, "__doc__", None)
    if item.kind == "class" and isinstance(item.obj, type):
        doc = item.obj.__dict__.get("__doc__")
        # a dataclass without a docstring gets "Name(field: type, ...)" as its __doc__
        if doc is not None and doc.startswith(f"{item.obj.__name__}("):
            return None
    return doc if isinstance(doc, str) and doc.strip() else None


def _function_of(item: ApiObject) -> Callable[..., object] | None:
    obj = item.obj
    if item.kind in {"function", "method"} and callable(obj):
        return typing.cast("Callable[..., object]", obj)
    return None


def _return_annotation(func: Callable[..., object]) -> str:
    annotation = inspect.signature(func).return_annotation
    if annotation is inspect.Signature.empty:
        return ""
    return annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)


def _documented_parameters(func: Callable[..., object]) -> list[str]:
    names: list[str] = []
    for index, param in enumerate(inspect.signature(func).parameters.values()):
        if index == 0 and param.name in {"self", "cls"}:
            continue
        names.append(param.name)
    return names


def _corridor_error() -> type[BaseException]:
    exceptions = importlib.import_module(f"{PACKAGE}.exceptions")
    error: type[BaseException] = exceptions.CorridorError
    return error


def raised_corridor_errors(func: Callable[..., object]) -> list[type[BaseException]]:
    """The ``CorridorError`` classes a function raises, directly or through private helpers.

    Counted: ``raise X(...)`` in the function's body, and what the private helpers it
    calls raise (functions of corridor whose name, or whose module, starts with ``_``,
    such as ``corridor._checks.check_number``), followed recursively. Raises inside
    nested functions belong to the nested function; public functions it calls document
    their own errors.

    Parameters
    ----------
    func
        A plain Python function.

    Returns
    -------
    list of type
        Sorted by name, each once.
    """
    found: dict[str, type[BaseException]] = {}
    _collect_raises(func, found, set())
    return [found[name] for name in sorted(found)]


def _is_private_helper(obj: object) -> bool:
    if not inspect.isfunction(obj):
        return False
    module = getattr(obj, "__module__", "") or ""
    if module != PACKAGE and not module.startswith(f"{PACKAGE}."):
        return False
    private_module = any(part.startswith("_") for part in module.split("."))
    return obj.__name__.startswith("_") or private_module


def _collect_raises(
    func: Callable[..., object], found: dict[str, type[BaseException]], seen: set[int]
) -> None:
    if id(func) in seen:
        return
    seen.add(id(func))
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return
    tree = ast.parse(source)
    if not tree.body:
        return
    base = _corridor_error()
    namespace = getattr(inspect.unwrap(func), "__globals__", {})
    helpers: list[Callable[..., object]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Raise) and child.exc is not None:
                target = child.exc.func if isinstance(child.exc, ast.Call) else child.exc
                cls = _exception_class(_resolve(target, namespace))
                if isinstance(cls, type) and issubclass(cls, base):
                    found[cls.__name__] = cls
            elif isinstance(child, ast.Call):
                callee = _resolve(child.func, namespace)
                if _is_private_helper(callee):
                    helpers.append(typing.cast("Callable[..., object]", callee))
            visit(child)

    visit(tree.body[0])
    for helper in helpers:
        _collect_raises(helper, found, seen)


def _exception_class(obj: object) -> object:
    """The class itself, or what a factory (``raise _fail(...)``) says it returns."""
    if inspect.isfunction(obj):
        annotation = inspect.signature(obj).return_annotation
        if isinstance(annotation, str):
            return obj.__globals__.get(annotation)
        return annotation
    return obj


def _resolve(node: ast.expr, namespace: dict[str, object]) -> object:
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, namespace)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def docstring_problems(item: ApiObject) -> list[str]:
    """What is missing from the docstring of one public object.

    A function or method needs a docstring; ``Parameters`` naming every parameter (but
    ``self``/``cls``) when it has any, and no name the signature lacks; ``Returns`` (or
    ``Yields``) when its return annotation is not ``None``; and ``Raises`` naming each
    ``CorridorError`` it raises, itself or through private helpers, or a base class of
    it. A class or property needs a docstring.

    Parameters
    ----------
    item
        The object.

    Returns
    -------
    list of str
        One line per problem, empty when the docstring is complete.
    """
    if item.kind == "constant":
        return []  # a constant or type alias cannot carry its own docstring
    doc = _raw_doc(item)
    if doc is None:
        return ["no docstring"]
    func = _function_of(item)
    if func is None:
        return []
    parsed = parse_docstring(doc)
    problems: list[str] = []
    params = _documented_parameters(func)
    documented = {
        name.lstrip("*") for entry in parsed.entries("Parameters") for name in entry.names
    }
    if params and "Parameters" not in parsed.sections:
        problems.append("no Parameters section")
    else:
        missing = [p for p in params if p not in documented]
        if missing:
            problems.append(f"Parameters does not describe {', '.join(missing)}")
        stale = sorted(documented - set(params))
        if stale:
            problems.append(f"Parameters describes {', '.join(stale)}, not in the signature")
    returns = _return_annotation(func)
    if returns not in {"", "None", "NoReturn", "Never"} and not (
        {"Returns", "Yields"} & parsed.sections.keys()
    ):
        problems.append(f"no Returns section (returns {returns})")
    raised = raised_corridor_errors(func)
    listed = {
        entry.names[0].rsplit(".", 1)[-1] for entry in parsed.entries("Raises") if entry.names
    }
    base = _corridor_error()
    undocumented = [
        cls.__name__
        for cls in raised
        if not any(
            k.__name__ in listed for k in cls.__mro__ if isinstance(k, type) and issubclass(k, base)
        )
    ]
    if undocumented:
        problems.append(f"Raises does not list {', '.join(undocumented)}")
    return problems


# --------------------------------------------------------------------------- rendering


_ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|exc|obj|py:\w+):`~?([^`]+)`")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _markdown(text: str) -> str:
    text = _ROLE.sub(r"`\1`", text)
    return text.replace("``", "`")


def _annotation_text(annotation: object) -> str:
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def _default_text(value: object) -> str:
    if isinstance(value, frozenset):
        return f"frozenset({sorted(map(repr, value))!r})" if value else "frozenset()"
    return _ADDRESS.sub("", repr(value))


def signature_text(name: str, func: Callable[..., object]) -> str:
    """A function's signature as source text, stable across runs.

    Parameters
    ----------
    name
        The name to print before the parentheses.
    func
        The function.

    Returns
    -------
    str
        ``name(a: int, *, b: str = 'x') -> bool``.
    """
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return f"{name}(...)"
    parts: list[str] = []
    seen_keyword_only = False
    previous: inspect._ParameterKind | None = None
    for index, param in enumerate(signature.parameters.values()):
        if index == 0 and param.name in {"self", "cls"}:
            previous = param.kind
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY and not seen_keyword_only:
            seen_keyword_only = True
            parts.append("*")
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            seen_keyword_only = True
        if (
            previous is inspect.Parameter.POSITIONAL_ONLY
            and param.kind is not inspect.Parameter.POSITIONAL_ONLY
        ):
            parts.append("/")
        text = param.name
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            text = f"*{text}"
        elif param.kind is inspect.Parameter.VAR_KEYWORD:
            text = f"**{text}"
        if param.annotation is not inspect.Parameter.empty:
            text += f": {_annotation_text(param.annotation)}"
        if param.default is not inspect.Parameter.empty:
            sep = " = " if param.annotation is not inspect.Parameter.empty else "="
            text += f"{sep}{_default_text(param.default)}"
        parts.append(text)
        previous = param.kind
    if previous is inspect.Parameter.POSITIONAL_ONLY:
        parts.append("/")
    result = f"{name}({', '.join(parts)})"
    if signature.return_annotation is not inspect.Signature.empty:
        result += f" -> {_annotation_text(signature.return_annotation)}"
    return result


def _anchor(path: str) -> str:
    return path.lower().replace(".", "")


def _render_entries(title: str, entries: list[Entry]) -> list[str]:
    lines = [f"**{title}**", ""]
    for entry in entries:
        names = ", ".join(f"`{n}`" for n in entry.names)
        head = f"- {names}" if title not in {"Returns", "Yields", "Raises"} or entry.type else ""
        if title in {"Returns", "Yields"} and not entry.type:
            # numpydoc without a name: the first line is the type
            head = f"- `{', '.join(entry.names)}`"
        elif title == "Raises":
            head = f"- `{', '.join(entry.names)}`"
        elif entry.type:
            head += f" ({_markdown(entry.type)})"
        desc = " ".join(_markdown(entry.description).split())
        lines.append(f"{head} — {desc}" if desc else head)
    lines.append("")
    return lines


def _render_doc(doc: Docstring, *, depth: int) -> list[str]:
    del depth
    lines: list[str] = []
    if doc.summary:
        lines += [_markdown(doc.summary), ""]
    if doc.extended:
        lines += [_markdown(doc.extended), ""]
    for title in RENDERED_SECTIONS:
        body = doc.sections.get(title)
        if body is None:
            continue
        if title == "Examples":
            lines += ["**Examples**", "", "```pycon", body.strip("\n"), "```", ""]
        else:
            lines += _render_entries(title, parse_entries(body))
    return lines


def _constant_text(value: object) -> str:
    if typing.get_origin(value) is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(value))
    if isinstance(value, (frozenset, set)):
        return "{" + ", ".join(sorted(repr(v) for v in value)) + "}"
    if isinstance(value, (str, int, float, tuple)):
        text = repr(value)
        return text if len(text) <= 300 else text[:297] + "..."
    return type(value).__name__


def _render_object(item: ApiObject) -> list[str]:
    heading = "####" if "." in item.qualname else "###"
    lines = [f'{heading} <a id="{_anchor(item.path)}"></a>`{item.path}`', ""]
    obj = item.obj
    if item.kind == "constant":
        lines += ["```python", f"{item.qualname} = {_constant_text(obj)}", "```", ""]
        doc = None
    elif isinstance(obj, property):
        lines += ["*property*", ""]
        doc = obj.__doc__
    elif isinstance(obj, type):
        kind = "exception" if issubclass(obj, BaseException) else "class"
        init = obj.__dict__.get("__init__")
        if init is not None or "__dataclass_fields__" in obj.__dict__:
            sig = signature_text(item.qualname, obj).removesuffix(" -> None")
        else:
            sig = f"{item.qualname}(...)"
        bases = ", ".join(b.__name__ for b in obj.__bases__ if b is not object)
        lines += ["```python", f"{kind} {sig}" + (f"  # bases: {bases}" if bases else ""), "```"]
        lines.append("")
        doc = _raw_doc(item)
    else:
        func = _function_of(item) or typing.cast("Callable[..., object]", obj)
        lines += ["```python", signature_text(item.qualname.rsplit(".", 1)[-1], func), "```", ""]
        doc = _raw_doc(item)
    if doc:
        lines += _render_doc(parse_docstring(doc), depth=len(heading))
    return lines


def render() -> str:
    """The whole reference page.

    Returns
    -------
    str
        Markdown, ending in one newline; the same for the same docstrings.
    """
    modules = public_modules()
    out = [
        "# API reference",
        "",
        "<!-- Generated by tools/api_reference.py from the docstrings; do not edit. -->",
        "<!-- Regenerate with: .venv/bin/python tools/api_reference.py -->",
        "",
        (
            "Everything below is importable from the module it is listed under. "
            "`import corridor` gives the front door; the subpackages hold the engines."
        ),
        "",
    ]
    out += [f"- [`{m}`](#{_anchor(m)})" for m in modules]
    out.append("")
    documented: dict[int, str] = {}
    for name in modules:
        module = importlib.import_module(name)
        out += [f'## <a id="{_anchor(name)}"></a>`{name}`', ""]
        summary = parse_docstring(module.__doc__).summary
        if summary:
            out += [_markdown(summary), ""]
        items = exported_objects(module)
        again: list[str] = []
        for item in items:
            top = item.qualname.split(".", 1)[0]
            owner = getattr(module, top)
            key = id(owner)
            first = documented.setdefault(key, f"{name}.{top}")
            if first != f"{name}.{top}" and item.kind != "constant":
                if "." not in item.qualname:
                    again.append(f"[`{top}`](#{_anchor(first)})")
                continue
            out += _render_object(item)
        if again:
            out += ["Also exported here: " + ", ".join(again) + ".", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/api.md, or check that it is current.

    Parameters
    ----------
    argv
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 1 when ``--check`` finds the page stale.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is stale")
    parser.add_argument("--output", type=Path, default=API_PAGE, help="page to write or check")
    args = parser.parse_args(argv)
    page = render()
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != page:
            print(
                f"{output} is stale: regenerate it with `.venv/bin/python tools/api_reference.py`",
                file=sys.stderr,
            )
            return 1
        print(f"{output} is up to date")
        return 0
    output.write_text(page, encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
