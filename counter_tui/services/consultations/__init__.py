"""Consultations (咨询登记, docs/rules.md §18): questions asked without a case."""
