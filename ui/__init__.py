"""The UI layer: `frame` (Streamlit), `format` and `charts` (pure)."""
