"""Widgets of the assessment screens: the level badge, the area sidebar, the answer choices."""
