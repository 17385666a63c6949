"""The Streamlit chat UI. It talks to the API over HTTP only (`ui.client`) and never opens a store."""
