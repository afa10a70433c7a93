"""What only the website has.

The quick exit (:mod:`.quick_exit`), "Report a problem" (:mod:`.feedback`), the
Content-Security-Policy and external-link marks (:mod:`.security`), the ePub and PDF
downloads (:mod:`.downloads`), stylesheets and scripts only where used (:mod:`.assets`),
meta descriptions (:mod:`.seo`), and the web-only stylesheet helper
(:mod:`.website_only`).
"""
