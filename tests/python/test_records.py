"""render_records: one document per record, in order, in parallel on the
library's batch machinery; hostile values stay literal text."""

import quire

TEMPLATE = (
    "---\ntitle: \"Brief for {{ record.name }}\"\n---\n\n"
    "# {{ record.name }}\n\nLevel: {{ record.level }}. Record {{ number }} of {{ records | length }}.\n"
)

# Nothing in it depends on the record's place in the list.
PLAIN_TEMPLATE = "---\ntitle: \"Brief for {{ record.name }}\"\n---\n\n# {{ record.name }}\n\nLevel: {{ record.level }}.\n"

HOSTILE = [
    "*bold* and _em_",
    "<script>alert(1)</script>",
    "{{ 7 * 7 }}",
    "[click](javascript:alert(1))",
    "# not a heading",
    "---",
    "| a | b |",
    "`code`",
    "    indented",
]


def test_one_document_per_record_in_order(tmp_path, epoch):
    records = [{"name": f"Sponsor {n}", "level": "Gold"} for n in range(5)]
    texts = quire.render_records(TEMPLATE, records, "txt", base_dir=tmp_path)
    assert len(texts) == 5
    for n, text in enumerate(texts):
        assert f"Sponsor {n}" in text
        assert f"Record {n + 1} of 5" in text


def test_pdfs_are_bytes_and_match_convert_text_with_data(tmp_path, epoch):
    records = [{"name": "Acme", "level": "Gold"}, {"name": "Globex", "level": "Silver"}]
    pdfs = quire.render_records(PLAIN_TEMPLATE, records, base_dir=tmp_path)
    assert all(isinstance(pdf, bytes) and pdf.startswith(b"%PDF-") for pdf in pdfs)
    assert pdfs[0] != pdfs[1]
    for record, pdf in zip(records, pdfs):
        alone = quire.convert_text(PLAIN_TEMPLATE, "pdf", base_dir=tmp_path, data=record)
        assert alone == pdf


def test_convert_text_with_data_renders_one_record(tmp_path):
    text = quire.convert_text(
        TEMPLATE, "txt", base_dir=tmp_path, data={"name": "Initech", "level": "Bronze"}
    )
    assert "Initech" in text and "Bronze" in text


def test_hostile_values_stay_literal(tmp_path):
    records = [{"name": value, "level": value} for value in HOSTILE]
    pages = quire.render_records(TEMPLATE, records, "fragment", base_dir=tmp_path)
    texts = quire.render_records(TEMPLATE, records, "txt", base_dir=tmp_path)
    for value, page, text in zip(HOSTILE, pages, texts):
        assert value.strip() in text, (value, text)
        assert "<script>" not in page
        assert "<em>" not in page and "<strong>" not in page
        assert 'href="javascript:' not in page
        assert "<table" not in page and "<code>" not in page
        assert "<h1" in page and page.count("<h1") == 1
        assert "49" not in text


def test_a_failing_record_raises_with_its_index(tmp_path):
    records = [{"name": "Acme", "level": "Gold"}, {"name": "No level"}]
    try:
        quire.render_records(TEMPLATE, records, "txt", base_dir=tmp_path)
    except quire.InputError as error:
        assert error.record == 1
        assert error.line == 7
        assert "level" in error.message or "undefined" in error.message
    else:
        raise AssertionError("the record without `level` must fail")


def test_many_records_render_in_parallel_and_identically(tmp_path, epoch):
    records = [{"name": "Same", "level": "Gold"}] * 12
    pdfs = quire.render_records(PLAIN_TEMPLATE, records, "pdf", base_dir=tmp_path)
    assert len(set(pdfs)) == 1
