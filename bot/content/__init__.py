"""Loading and rendering Harbor's content (data/content/). Knows no channel."""
