"""blogmigrate: get old blogs back from their saved HTML pages."""

__version__ = "0.1.0"
GENERATOR = f"blogmigrate {__version__}"
SCHEMA_VERSION = 1
