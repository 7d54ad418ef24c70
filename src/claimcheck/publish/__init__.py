"""What the library publishes: formatted references (``cite``), schema.org ClaimReview
(``claimreview``) and the static HTML report (``report``)."""
