"""The weekly pulse: questions, schedule, cohorts, the scheduler, one-tap answers and anonymous summaries."""
