"""The form definitions in ``forms/``: one YAML file per step, checked before any use.

A definition lists questions in Nextcloud Forms' own types. Two shorthands are expanded:
a ``group`` with ``repeat: N`` becomes N numbered copies of its questions (step 3: one block
per person), and ``for_each: [document, network_member]`` marks a question that is repeated
per document and per network member of the family when the form is deployed (step 5; the
text may use ``{title}`` and ``{name}``). Every error names the file, the line and the rule.

``audience`` says who fills a form in: the family, the network, or (``decider``) each
person who decides about documents, in a copy of their own that asks only about the
documents they decide about (step 5: the questions name documents, which others may not
even know exist), or (``youth``) each family member under 18 with an account, in a copy
of their own that only they fill in (the youth's own voice: whom they go to, whom they
want involved, whom never).

zolicht uses only question types that every Forms 5 release knows; a grid would fit step 5
but arrived late in Forms, so step 5 asks one choice question per document and person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from zolicht import safe_yaml

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "forms"
FORM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")
QUESTION_KEY = re.compile(r"[a-z][a-z0-9_]{0,40}")
TYPES = {"short", "long", "multiple", "multiple_unique", "dropdown", "date", "time",
         "linearscale", "color", "file", "ranking"}
CHOICE_TYPES = {"multiple", "multiple_unique", "dropdown", "ranking"}
AUDIENCES = {"family", "network", "decider", "youth"}
FOR_EACH = {"document", "network_member"}
LIMITS = {"title": 256, "description": 8192, "text": 2048, "question_description": 4096,
          "option": 1024}


class DefinitionError(ValueError):
    def __init__(self, file: Path, line: int, reason: str) -> None:
        super().__init__(f"{file.name}:{line}: {reason}")
        self.file, self.line, self.reason = file, line, reason


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    text: str
    required: bool = False
    description: str = ""
    options: tuple[str, ...] = ()
    scale: tuple[int, int, str, str] | None = None
    """(lowest, highest, label lowest, label highest) for ``linearscale``."""
    for_each: tuple[str, ...] = ()
    """Repeat per ``document`` and/or ``network_member`` of the family when deployed."""


@dataclass(frozen=True)
class FormDefinition:
    form: str
    version: int
    audience: str
    title: str
    description: str
    questions: tuple[Question, ...]
    source: Path = field(compare=False)


def load_all(directory: Path = DEFAULT_DIR) -> list[FormDefinition]:
    definitions = [load(path) for path in sorted(directory.glob("*.yaml"))]
    seen: dict[str, Path] = {}
    for definition in definitions:
        if definition.form in seen:
            raise DefinitionError(definition.source, 1, f"form id {definition.form!r} is also "
                                                        f"used by {seen[definition.form].name}")
        seen[definition.form] = definition.source
    return definitions


def load(path: Path) -> FormDefinition:
    """Read and check one definition. It is read as zolicht reads any YAML from people
    (``zolicht.safe_yaml``: size, anchors, tags and depth) before it is composed."""
    try:
        with path.open("rb") as opened:
            text = safe_yaml.decode(opened.read(safe_yaml.MAX_BYTES + 1))
        for _ in safe_yaml.events(text):
            pass
        root = yaml.compose(text)
    except safe_yaml.Refused as refused:
        raise DefinitionError(path, refused.line or 1, refused.reason) from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        raise DefinitionError(path, mark.line + 1 if mark else 1,
                              f"not valid YAML: {getattr(problem, 'problem', problem)}") from None
    if root is None:
        raise DefinitionError(path, 1, "the file is empty")
    reader = Reader(path)
    top = reader.mapping(root, {"form", "version", "audience", "title", "description",
                                "questions"})
    questions = reader.questions(reader.required(root, top, "questions"))
    keys: dict[str, int] = {}
    for line, question in questions:
        if question.key in keys:
            raise DefinitionError(path, line, f"question key {question.key!r} is used twice "
                                              f"(first on line {keys[question.key]})")
        keys[question.key] = line
    return FormDefinition(
        form=reader.matching(top, "form", FORM_ID, root),
        version=reader.integer(top, "version", 1, 1000, root),
        audience=reader.choice(top, "audience", AUDIENCES, root),
        title=reader.text(top, "title", LIMITS["title"], root),
        description=reader.text(top, "description", LIMITS["description"], root,
                                optional=True),
        questions=tuple(q for _, q in questions),
        source=path,
    )


class Reader:
    """Reads composed YAML nodes, raising ``DefinitionError`` at the offending line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Node, reason: str) -> DefinitionError:
        return DefinitionError(self.path, node.start_mark.line + 1, reason)

    def mapping(self, node: Node | None, known: set[str]) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            raise self.fail(node or ScalarNode("", ""), "expected fields (key: value)")
        fields: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value)
            if key not in known:
                raise self.fail(key_node, f"unknown field {key!r}; known: "
                                          f"{', '.join(sorted(known))}")
            fields[key] = value
        return fields

    def required(self, parent: Node, fields: dict[str, Node], name: str) -> Node:
        if name not in fields:
            raise self.fail(parent, f"field {name!r} is missing")
        return fields[name]

    def scalar(self, fields: dict[str, Node], name: str, parent: Node) -> tuple[str, Node]:
        node = self.required(parent, fields, name)
        if not isinstance(node, ScalarNode):
            raise self.fail(node, f"{name}: expected a single value")
        return str(node.value), node

    def text(self, fields: dict[str, Node], name: str, limit: int, parent: Node,
             optional: bool = False) -> str:
        if optional and name not in fields:
            return ""
        value, node = self.scalar(fields, name, parent)
        if not value.strip():
            raise self.fail(node, f"{name}: may not be empty")
        if len(value) > limit:
            raise self.fail(node, f"{name}: longer than Nextcloud Forms allows ({limit})")
        return value.strip()

    def matching(self, fields: dict[str, Node], name: str, pattern: re.Pattern[str],
                 parent: Node) -> str:
        value, node = self.scalar(fields, name, parent)
        if not pattern.fullmatch(value):
            raise self.fail(node, f"{name}: {value!r} does not match {pattern.pattern}")
        return value

    def choice(self, fields: dict[str, Node], name: str, allowed: set[str], parent: Node) -> str:
        value, node = self.scalar(fields, name, parent)
        if value not in allowed:
            raise self.fail(node, f"{name}: {value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def integer(self, fields: dict[str, Node], name: str, lowest: int, highest: int,
                parent: Node) -> int:
        value, node = self.scalar(fields, name, parent)
        if not value.isdigit() or not lowest <= int(value) <= highest:
            raise self.fail(node, f"{name}: expected a whole number from {lowest} to {highest}")
        return int(value)

    def boolean(self, fields: dict[str, Node], name: str, parent: Node) -> bool:
        if name not in fields:
            return False
        value, node = self.scalar(fields, name, parent)
        if value not in ("true", "false"):
            raise self.fail(node, f"{name}: expected true or false")
        return value == "true"

    def strings(self, fields: dict[str, Node], name: str, parent: Node) -> tuple[str, ...]:
        node = self.required(parent, fields, name)
        if not isinstance(node, SequenceNode) or not node.value:
            raise self.fail(node, f"{name}: expected a list with at least one entry")
        values = []
        for item in node.value:
            if not isinstance(item, ScalarNode) or not str(item.value).strip():
                raise self.fail(item, f"{name}: every entry must be a non-empty text")
            if len(str(item.value)) > LIMITS["option"]:
                raise self.fail(item, f"{name}: entry longer than {LIMITS['option']}")
            values.append(str(item.value))
        if len(set(values)) != len(values):
            raise self.fail(node, f"{name}: the same entry appears twice")
        return tuple(values)

    def questions(self, node: Node) -> list[tuple[int, Question]]:
        if not isinstance(node, SequenceNode) or not node.value:
            raise self.fail(node, "questions: expected a list with at least one question")
        found: list[tuple[int, Question]] = []
        for item in node.value:
            if isinstance(item, MappingNode) and any(k.value == "group" for k, _ in item.value):
                found += self.group(item)
            else:
                found.append((item.start_mark.line + 1, self.question(item)))
        return found

    def group(self, node: MappingNode) -> list[tuple[int, Question]]:
        fields = self.mapping(node, {"group", "repeat", "heading", "questions"})
        name = self.matching(fields, "group", QUESTION_KEY, node)
        times = self.integer(fields, "repeat", 1, 20, node)
        inner = self.questions(self.required(node, fields, "questions"))
        return [(line, Question(**{**q.__dict__, "key": f"{name}_{n}_{q.key}",
                                   "text": q.text.replace("{n}", str(n))}))
                for n in range(1, times + 1) for line, q in inner]

    def question(self, node: Node) -> Question:
        fields = self.mapping(node, {"key", "type", "text", "required", "description",
                                     "options", "scale", "for_each"})
        kind = self.choice(fields, "type", TYPES, node)
        question = Question(
            key=self.matching(fields, "key", QUESTION_KEY, node),
            type=kind,
            text=self.text(fields, "text", LIMITS["text"], node),
            required=self.boolean(fields, "required", node),
            description=self.text(fields, "description", LIMITS["question_description"], node,
                                  optional=True),
            for_each=self.for_each(fields, node),
        )
        if kind in CHOICE_TYPES:
            return Question(**{**question.__dict__,
                               "options": self.strings(fields, "options", node)})
        if "options" in fields:
            raise self.fail(fields["options"], f"options: a {kind} question has no options")
        if kind == "linearscale":
            return Question(**{**question.__dict__, "scale": self.scale(fields, node)})
        return question

    def for_each(self, fields: dict[str, Node], parent: Node) -> tuple[str, ...]:
        if "for_each" not in fields:
            return ()
        values = self.strings(fields, "for_each", parent)
        unknown = [v for v in values if v not in FOR_EACH]
        if unknown:
            raise self.fail(fields["for_each"], f"for_each: {unknown[0]!r} is not one of "
                                                f"{', '.join(sorted(FOR_EACH))}")
        return values

    def scale(self, fields: dict[str, Node], parent: Node) -> tuple[int, int, str, str]:
        node = self.required(parent, fields, "scale")
        scale = self.mapping(node, {"lowest", "highest", "label_lowest", "label_highest"})
        lowest = self.integer(scale, "lowest", 0, 1, node)
        highest = self.integer(scale, "highest", 2, 10, node)
        return (lowest, highest, self.text(scale, "label_lowest", 100, node, optional=True),
                self.text(scale, "label_highest", 100, node, optional=True))
