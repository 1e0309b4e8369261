"""The public GBFS feeds (form factor: car) of the city's car sharing: open data, no personal data.

Version 2.3 at /gbfs/ for existing consumers, 3.0 at /gbfs/v3/, and 3.1-RC3 (with the future
availability of each car) at /gbfs/v3.1-rc3/; docs/opendata.md describes them."""
