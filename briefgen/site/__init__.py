"""The site stage: briefings, entities and the editor's pages become plain files.

``render`` writes every page through the theme's Jinja templates (``views``
shapes what a template sees, ``entitypages`` the entity index and pages,
``feeds`` the Atom feed, ``citations`` reads a briefing's citations by
outlet); ``publish`` stages the files and swaps them in only when the build
succeeded; ``search`` indexes the published pages with Pagefind. ``theme``
finds a project's templates and assets, ``starter`` is ``briefgen init``'s
project.
"""
