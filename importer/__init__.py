"""The importer's pure half: reading a file under bounds (importer.bounded), proposing the unit,
year and subject of a report (importer.proposal), and the rows staff review and save
(importer.review). No database, no Streamlit: data_access.imports stores what this proposes."""
