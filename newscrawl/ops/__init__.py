"""Operations: crawl state, incremental logic, monitors, run reports, the crawl command."""
