"""Packaging beyond pyproject.toml: ship the top-level resources/ folder as casefile.resources.

pyproject.toml cannot add a package that lives outside the package tree, so the list of
packages is made here; everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["casefile", "casefile.*"]), "casefile.resources"],
    package_dir={"casefile.resources": "resources"},
)
