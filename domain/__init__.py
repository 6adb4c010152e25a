"""The dashboard's words and pure helpers, defined once: imported by `ui`, `exports`,
`report_parser`, `importer` and `data_access` alike, and importing none of them."""
