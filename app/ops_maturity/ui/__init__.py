"""The Textual UI. Importing it makes garbage collection rarer until the first screen is drawn."""

from ops_maturity.ui.start_up_gc import relax_collection_for_start_up

relax_collection_for_start_up()
