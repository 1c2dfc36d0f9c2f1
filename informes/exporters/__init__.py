"""Exports of a report: Markdown (and its zip), PDF and the archival PDF/A-3b.

``markdown`` writes the template-faithful Markdown, ``zip`` bundles it with the
diagrams, ``pdf`` renders the HTML template through WeasyPrint with the
locked-in ``fetcher``, and ``archivo`` builds the PDF/A-3b stored on approval;
``plazo`` is the one deadline that bounds a PDF export from its first step.
"""
