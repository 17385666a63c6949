"""The API's routers, one module per resource; `assistant.api.create_app` mounts them."""
