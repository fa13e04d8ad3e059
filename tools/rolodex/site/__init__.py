"""The site: contacts and meetings as a browsable, searchable, offline MkDocs site.

`pages.generate` turns records into Markdown pages (pure); `plugin` is the thin
MkDocs adapter; `builder` holds what the plugin does; `export` writes the pages
to a folder for any other Markdown site generator.
"""
