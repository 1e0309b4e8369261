"""Developer tools that are not deployed: the load benchmark (`make bench`) and what it serves and drives."""
