"""The site's pages by topic: common (links, names, values, titles), home, elements,
analysis and reference. eaf.site.generate puts them together."""
