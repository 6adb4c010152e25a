"""Pure exports: DataFrames in, bytes out (CSV, XLSX, PDF). No Streamlit, no database."""
