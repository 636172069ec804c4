"""Dataset adapters: the datasets analysts already use (Correlates of War, ATOP, UN votes, SIPRI), read as
users download them and turned into the same claims a seed file gives. ``crosswalk`` holds identity
across datasets; ``importer`` runs an adapter through the loader."""
