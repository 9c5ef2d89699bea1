"""pandoc's command tests (test/command/*.md): the cases, and which of them
read pandoc's own Markdown.

A file of pandoc's suite is Markdown whose top-level code blocks are each
one case (test/Tests/Command.hs):

    % pandoc -f markdown -t html      the command (a line ending in \\ goes on)
    *hi*                              the input, given on standard input
    ^D
    <p><em>hi</em></p>                what pandoc's test expects (unused here)

Command.hs numbers the code blocks of a file from 1 and names a case
`#N`; we name it `FILE.md#N` the same way, so a name here finds the case in
pandoc's test output too. The code blocks are found by pandoc itself
(`pandoc -f markdown -t json` on the file), as Command.hs finds them with
pandoc's reader, so fences of any length, tildes and indented blocks count
as they count there.
"""

import hashlib
import json
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Case:
    name: str  # "FILE.md#N", N as Command.hs numbers the file's code blocks
    command: str
    input: str
    selected: bool
    why_not: str  # empty when selected


# pandoc's options that take a value as the next argument when not written
# `--opt=value` (pandoc's manual, "Options"; the short forms are its
# aliases). A word after one of these is its value, not an input file.
OPTIONS_WITH_VALUE = {
    "-f", "-r", "--from", "--read", "-t", "-w", "--to", "--write",
    "-o", "--output", "--data-dir", "-M", "--metadata", "--metadata-file",
    "-d", "--defaults", "--shift-heading-level-by", "--base-header-level",
    "--indented-code-classes", "--default-image-extension", "--extract-media",
    "--abbreviations", "--tab-stop", "--track-changes", "-F", "--filter",
    "-L", "--lua-filter", "-V", "--variable", "--template", "--wrap",
    "--columns", "--toc-depth", "--highlight-style", "--syntax-highlighting",
    "--syntax-definition", "--dpi", "--eol", "--number-offset",
    "--top-level-division", "--email-obfuscation", "--id-prefix", "-T",
    "--title-prefix", "-c", "--css", "--reference-doc", "--epub-cover-image",
    "--epub-title-page", "--epub-metadata", "--epub-embed-font",
    "--epub-subdirectory", "--split-level", "--epub-chapter-level",
    "--chunk-template", "--ipynb-output", "--pdf-engine", "--pdf-engine-opt",
    "--bibliography", "--csl", "--citation-abbreviations", "--request-header",
    "--resource-path", "-H", "--include-in-header", "-B",
    "--include-before-body", "-A", "--include-after-body", "--log",
    "--reference-location", "--markdown-headings", "--slide-level",
    "--figure-caption-position", "--table-caption-position", "--list-tables",
}

# Options that change what is read from where, so the case's input on
# standard input is not (all of) what pandoc reads: a defaults file may
# name another reader or input files.
OPTIONS_CHANGING_INPUT = {"-d", "--defaults"}

READER_OPTIONS = {"-f", "-r", "--from", "--read"}


def select(command: str) -> str:
    """Why a case is left out, or "" when its command is `pandoc` reading
    pandoc's `markdown` (no `-f`, or `-f markdown`) with no extension
    switches, from standard input. Every other option is ignored: both
    pandoc and quire are run again on the input with fixed arguments."""
    try:
        words = shlex.split(command)
    except ValueError:
        return "unparsable command"
    if not words or words[0] != "pandoc":
        return "not pandoc"
    if any(w in ("|", "<", ">", ";", "&&", "||") for w in words):
        return "pipeline or redirection"
    reader = "markdown"  # pandoc's default reader for standard input
    args = iter(words[1:])
    for word in args:
        option, _, inline = word.partition("=")
        if option in OPTIONS_CHANGING_INPUT:
            return "defaults file"
        if option in READER_OPTIONS or (word[:2] in ("-f", "-r") and len(word) > 2 and not word.startswith("--")):
            if option in READER_OPTIONS:
                reader = inline if inline else next(args, "")
            else:
                reader = word[2:]
            continue
        if option in OPTIONS_WITH_VALUE and not inline:
            next(args, None)
            continue
        if word == "-" or not word.startswith("-"):
            return "reads a file"
    if reader == "markdown":
        return ""
    if reader.startswith("markdown") and reader[len("markdown"):][:1] in ("+", "-"):
        return "extension switches"
    return f"reader {reader}"


def code_blocks(pandoc: str, path: Path, cache: Path | None) -> list[str]:
    """The file's top-level code blocks, in order, as pandoc reads them
    (cached by the file's bytes: a thousand pandoc runs take a while)."""
    content = path.read_bytes()
    cached = None
    if cache is not None:
        key = hashlib.sha256(pandoc.encode() + b"\0" + content).hexdigest()
        cached = cache / f"blocks-{key}.json"
        if cached.exists():
            return json.loads(cached.read_text())
    out = subprocess.run(
        [pandoc, "-f", "markdown", "-t", "json"], input=content,
        capture_output=True, check=True,
    ).stdout
    blocks = [b["c"][1] for b in json.loads(out)["blocks"] if b["t"] == "CodeBlock"]
    if cached is not None:
        cached.write_text(json.dumps(blocks))
    return blocks


def parse_case(name: str, code: str) -> Case:
    """One code block as Command.hs reads it: continuation lines ending in
    a backslash, the command after `%`, the input up to `^D`."""
    lines = code.split("\n")
    command_lines = []
    while lines and lines[0].endswith("\\"):
        command_lines.append(lines.pop(0)[:-1])
    if lines:
        command_lines.append(lines.pop(0))
    command = " ".join(command_lines)
    if not command.startswith("%"):
        return Case(name, command, "", False, "not a command")
    command = command[1:].lstrip(" ")
    if "^D" not in lines:
        return Case(name, command, "", False, "no ^D")
    input_lines = lines[: lines.index("^D")]
    text = "".join(line + "\n" for line in input_lines)
    why_not = select(command)
    return Case(name, command, text, not why_not, why_not)


def load(pandoc: str, suite: Path, cache: Path | None = None) -> list[Case]:
    cases = []
    for path in sorted((suite / "command").glob("*.md")):
        for number, code in enumerate(code_blocks(pandoc, path, cache), start=1):
            cases.append(parse_case(f"{path.name}#{number}", code))
    return cases
