"""The field mapping page ("Product's Fields Mapping"), option → variant mapping, and product Jet attributes."""
