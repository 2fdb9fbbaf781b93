"""The texts as received: byte-for-byte copies, manifest, and every line accounted for."""
import shutil

import pytest
import yaml

from edition import paths, sources

SEEDS = paths.ROOT.parent / "shared" / "seeds"


def test_manifest_matches_every_source_file():
    digests = sources.verify_sources()
    assert sorted(digests) == sorted(p.name for p in paths.SOURCES.glob("*.txt"))
    assert len(digests) == 2


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the files as delivered ({SEEDS}) are not beside this checkout")
def test_sources_are_byte_for_byte_the_files_received():
    for text in sources.load_texts():
        received = SEEDS / text.received_as
        assert received.read_bytes() == text.source_file.read_bytes(), (
            f"{text.source_file.name} differs from the file received, {received}")


def test_every_line_of_each_source_has_exactly_one_role():
    for text in sources.load_texts():
        lines = text.source_file.read_text(encoding="utf-8").split("\n")
        non_empty = [n for n, line in enumerate(lines, 1) if line.strip()]
        used = [n for n, _, _ in sources.line_roles(text)]
        assert used == non_empty, f"{text.id}: lines {set(non_empty) ^ set(used)} are unaccounted for"
        for number, _, line in sources.line_roles(text):
            assert line == lines[number - 1]


def test_paragraph_counts_and_parts():
    lfi, ww = sources.load_text("lfi"), sources.load_text("ww")
    assert (lfi.title, len(lfi.paragraphs), lfi.signature) == ("Peruvian hostage crisis exposes poverty", 20, None)
    assert (ww.title, ww.dateline, ww.signature) == ("Strategy for the mass", "01.05.1997", "Paul Greenaway")
    assert len(ww.paragraphs) == 13
    assert lfi.paragraph(1).text.startswith("THE CREAM of Lima’s political elite")
    assert lfi.paragraph(20).text.endswith("socialist party in Peru.")
    assert [d.text for d in lfi.debris] == ["National Sections of the L5I:", "Printer-friendly versionPDF version"]
    assert [d.text for d in ww.debris] == ["WeeklyWorker"]
    assert [p.number for p in lfi.paragraphs if p.single_break_after] == [3, 5, 6, 7, 17]


def test_sources_have_no_spacing_that_the_reflowed_text_would_hide():
    """The method page says no source line has a double space or spaces at either end;
    that is what makes 'any run of white space is one space' a safe comparison."""
    for text in sources.load_texts():
        for number, line in enumerate(text.source_file.read_text(encoding="utf-8").split("\n"), 1):
            assert "  " not in line and line == line.strip(), f"{text.source_file.name}, line {number}: {line!r}"
            assert "\t" not in line and "\r" not in line


def copy_sources(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(paths.DATA, root / "data")
    return root


def test_a_changed_byte_is_reported_with_file_and_both_hashes(tmp_path):
    root = copy_sources(tmp_path)
    source = root / "data" / "sources" / "weekly-worker-1997-05-01-strategy-for-the-mass.txt"
    expected = sources.sha256_of(source)
    source.write_bytes(source.read_bytes().replace(b"Strategy", b"Strateg y", 1))
    with pytest.raises(sources.SourceError) as error:
        sources.load_texts(root)
    message = str(error.value)
    assert "weekly-worker-1997-05-01-strategy-for-the-mass.txt" in message
    assert expected in message and sources.sha256_of(source) in message


def test_a_missing_or_unlisted_source_is_reported(tmp_path):
    root = copy_sources(tmp_path)
    (root / "data" / "sources" / "extra.txt").write_text("not in the manifest")
    (root / "data" / "sources" / "lfi-1997-peruvian-hostage-crisis-exposes-poverty.txt").unlink()
    with pytest.raises(sources.SourceError) as error:
        sources.verify_sources(root / "data" / "sources")
    assert "extra.txt: not listed in the manifest" in str(error.value)
    assert "lfi-1997-peruvian-hostage-crisis-exposes-poverty.txt: listed in the manifest but missing" in str(error.value)


def test_a_wrong_line_declaration_in_texts_yml_is_reported(tmp_path):
    root = copy_sources(tmp_path)
    texts_file = root / "data" / "texts.yml"
    document = yaml.safe_load(texts_file.read_text(encoding="utf-8"))
    document["texts"][0]["debris"][0]["line"] = 7  # the first paragraph, not debris
    texts_file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(sources.SourceError, match=r"text 'lfi': debris line 7 should read"):
        sources.load_texts(root)
    document["texts"][0]["debris"][0]["line"] = 3  # the title line
    texts_file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(sources.SourceError, match=r"line 3 is declared both title and debris"):
        sources.load_texts(root)
