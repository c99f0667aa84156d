"""Publication quotas: fulfillment, roll-ups, summaries, laggards, pace."""
