"""Full-text search over the newsroom's stories, with Russian and English stemming."""
