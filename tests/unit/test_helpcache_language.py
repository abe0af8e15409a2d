"""The saved help and descriptions follow the catalogs they were read
with: a changed translation is read again, never shown stale."""

import json
import pathlib

from alegra import i18n
from alegra.app import helpcache
from tests.unit import base


class TestCatalogsInTheKey(base.TestCase):

    def setUp(self):
        super().setUp()
        self.addCleanup(i18n.set_language, i18n.language())

    def test_english_reads_no_catalog(self):
        self.assertEqual({}, helpcache.catalog_stamps(i18n.ENGLISH))

    def test_spanish_names_every_compiled_catalog(self):
        stamps = helpcache.catalog_stamps(i18n.SPANISH)
        self.assertIn("alegra-app.mo", stamps)
        self.assertTrue(all(stamps.values()))
        environ = dict(self.environ, ALEGRA_LANG="es")
        self.assertEqual(stamps, helpcache.fingerprint(environ)["catalogs"])

    def test_descriptions_kept_with_other_catalogs_are_dropped(self):
        i18n.set_language(i18n.SPANISH)
        cache = helpcache.DescriptionCache(self.environ)
        path = pathlib.Path(cache.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"x:Y": [1, 2, "línea"]}
        for catalogs, kept in ((cache.catalogs, entry), ({"old.mo": [1, 2]},
                                                         {})):
            path.write_text(json.dumps({
                "version": helpcache.__version__, "catalogs": catalogs,
                "commands": entry}))
            self.assertEqual(kept,
                             helpcache.DescriptionCache(self.environ).entries)
