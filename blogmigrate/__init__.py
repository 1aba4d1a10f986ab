"""blogmigrate: get old blogs back from their saved HTML pages."""

from .compiled import pure_python_asked, use_sources_first

__version__ = "0.1.0"
GENERATOR = f"blogmigrate {__version__}"
SCHEMA_VERSION = 1

if pure_python_asked():
    use_sources_first()
