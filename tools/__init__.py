"""Developer tools that are not deployed: the load benchmark (`make bench`), the HTTP race (`make race`),
and what they serve and drive."""
