"""What is known about each site: hosts, URL rules, selectors by layout version, vocabulary."""
