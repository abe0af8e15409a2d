"""``alegra config ...`` and the configuration file itself."""

import json
import os
import stat

import fixtures
import yaml

from alegra.local import config as config_module
from alegra.local import statefile
from alegra import errors
from tests.unit import base
from tests.unit.test_credentials import KeyringTestCase


class ConfigTestCase(KeyringTestCase):

    def write_config(self, text, path=None):
        path = path or self.config_file
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def config(self, path=None):
        with open(path or self.config_file, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    def cli_ok(self, *argv, **kwargs):
        code, out, err = self.run_cli(*argv, **kwargs)
        self.assertEqual(0, code, err)
        return out, err

    def cli_fails(self, *argv, code=errors.USAGE, **kwargs):
        actual, out, err = self.run_cli(*argv, **kwargs)
        self.assertEqual(code, actual, err)
        self.assertEqual(1, len(err.splitlines()), err)
        self.assertTrue(err.startswith("Error: "), err)
        return err


class TestPath(ConfigTestCase):

    def test_xdg_location(self):
        out, err = self.cli_ok("config", "path")
        self.assertEqual(self.config_file + "\n", out)

    def test_alegra_config_overrides(self):
        other = os.path.join(self.home, "elsewhere.yaml")
        out, err = self.cli_ok("config", "path",
                               env={"ALEGRA_CONFIG": other})
        self.assertEqual(other + "\n", out)

    def test_works_when_the_file_is_broken(self):
        self.write_config("profiles: [\n")
        out, err = self.cli_ok("config", "path")
        self.assertEqual(self.config_file + "\n", out)


class TestView(ConfigTestCase):

    def test_no_file(self):
        out, err = self.cli_ok("config", "view")
        self.assertEqual({}, yaml.safe_load(out))
        self.assertIn("No configuration file", err)

    def test_yaml_and_json(self):
        self.write_config(
            "default_profile: a\nprofiles:\n  a: {email: a@b.c}\n"
            "settings: {proxy: 'http://proxy:3128'}\n")
        out, err = self.cli_ok("config", "view")
        self.assertEqual(self.config(), yaml.safe_load(out))
        out, err = self.cli_ok("config", "view", "-o", "json")
        self.assertEqual(self.config(), json.loads(out))
        out, err = self.cli_ok("-o", "json", "config", "view")
        self.assertEqual(self.config(), json.loads(out))

    def test_table_output_default_still_gives_yaml(self):
        self.write_config("profiles:\n  a: {email: a@b.c}\n")
        out, err = self.cli_ok("config", "view",
                               env={"ALEGRA_OUTPUT": "table"})
        self.assertEqual(self.config(), yaml.safe_load(out))

    def test_secrets_written_by_hand_are_redacted(self):
        self.write_config("profiles:\n  a: {email: a@b.c, token: s3cr3t,"
                          " bearerToken: b3ar3r}\n")
        out, err = self.cli_ok("config", "view")
        self.assertNotIn("s3cr3t", out)
        self.assertNotIn("b3ar3r", out)
        self.assertEqual("<redacted>",
                         yaml.safe_load(out)["profiles"]["a"]["token"])

    def test_bad_yaml(self):
        self.write_config("profiles:\n  a: [\n")
        err = self.cli_fails("config", "view")
        self.assertIn("is not valid YAML at line", err)

    def test_wrong_shapes(self):
        for text, words in (("- a\n- b\n", "should hold a mapping"),
                            ("profiles: [a, b]\n", "'profiles' should be"),
                            ("profiles: {a: 3}\n", "profile 'a' should be"),
                            ("settings: 7\n", "'settings' should be"),
                            ("default_profile: [x]\n", "default_profile")):
            self.write_config(text)
            err = self.cli_fails("config", "view")
            self.assertIn(words, err)

    def test_wrong_shape_stops_other_commands_too(self):
        self.write_config("profiles: [a, b]\n")
        self.cli_fails("config", "use", "x")
        self.assertEqual({"profiles": ["a", "b"]}, self.config())


class TestUse(ConfigTestCase):

    def test_creates_an_empty_profile(self):
        out, err = self.cli_ok("config", "use", "clienteA")
        self.assertEqual("", out)
        self.assertIn("Default profile: clienteA", err)
        self.assertIn("is new and empty", err)
        self.assertEqual({"default_profile": "clienteA",
                          "profiles": {"clienteA": {}}}, self.config())

    def test_a_missing_profile_is_refused_among_others(self):
        self.write_config("default_profile: empresaB\nprofiles:\n"
                          "  empresaB: {email: a@b.c}\n"
                          "  clienteA: {email: b@b.c}\n")
        err = self.cli_fails("config", "use", "empresa-b")
        self.assertIn("there is no profile 'empresa-b'; the profiles are: "
                      "empresaB, clienteA", err)
        self.assertIn("did you mean 'empresaB'?", err)
        self.assertIn("config use --create empresa-b", err)
        self.assertEqual("empresaB", self.config()["default_profile"])
        self.assertNotIn("empresa-b", self.config()["profiles"])
        out, err = self.cli_ok("config", "use", "--create", "empresa-b")
        self.assertIn("is new and empty", err)
        self.assertEqual({}, self.config()["profiles"]["empresa-b"])

    def test_a_mistyped_global_profile_lists_the_profiles(self):
        self.write_config("profiles:\n  clienteA: {email: b@b.c}\n"
                          "  empresaB: {email: a@b.c}\n")
        code, out, err = self.run_cli("--profile", "empresab", "invoices",
                                      "list")
        self.assertEqual(2, code, err)
        self.assertIn("there is no profile 'empresab'; the profiles are: "
                      "empresaB, clienteA (did you mean 'empresaB'?", err)

    def test_switches_between_existing_profiles(self):
        self.write_config("default_profile: a\nprofiles:\n"
                          "  a: {email: a@b.c}\n  b: {email: b@b.c}\n")
        out, err = self.cli_ok("config", "use", "b")
        self.assertNotIn("new and empty", err)
        config = self.config()
        self.assertEqual("b", config["default_profile"])
        self.assertEqual({"email": "a@b.c"}, config["profiles"]["a"])

    def test_invalid_name(self):
        for name in ("bad name", "-x", "a/b", ""):
            err = self.cli_fails("config", "use", "--", name)
            self.assertIn("invalid profile name", err)
        self.assertFalse(os.path.exists(self.config_file))

    def test_environment_still_wins(self):
        out, err = self.cli_ok("config", "use", "a",
                               env={"ALEGRA_PROFILE": "b"})
        self.assertIn("Warning: ALEGRA_PROFILE is set", err)

    def test_dry_run_writes_nothing(self):
        out, err = self.cli_ok("--dry-run", "config", "use", "a")
        self.assertIn("Dry run", err)
        self.assertFalse(os.path.exists(self.config_file))

    def test_missing_name(self):
        code, out, err = self.run_cli("config", "use")
        self.assertEqual(errors.USAGE, code)


class TestListProfiles(ConfigTestCase):

    def setUp(self):
        super().setUp()
        self.write_config(
            "default_profile: b\nprofiles:\n"
            "  a: {email: a@b.c, country: co, output: json}\n"
            "  b: {email: b@b.c, base_url: 'https://x.test/api/v1'}\n")

    def test_json(self):
        out, err = self.cli_ok("config", "list-profiles", "-f", "json")
        self.assertEqual(
            [{"name": "a", "email": "a@b.c", "base_url": None,
              "country": "co", "output": "json", "default": False},
             {"name": "b", "email": "b@b.c",
              "base_url": "https://x.test/api/v1", "country": None,
              "output": None, "default": True}],
            json.loads(out))

    def test_table(self):
        out, err = self.cli_ok("config", "list-profiles")
        self.assertIn("base_url", out)
        self.assertIn("https://x.test/api/v1", out)

    def test_csv_columns(self):
        out, err = self.cli_ok("config", "list-profiles", "-f", "csv",
                               "--columns", "name,default")
        self.assertEqual(["name,default", "a,false", "b,true"],
                         out.splitlines())

    def test_no_profiles(self):
        os.unlink(self.config_file)
        out, err = self.cli_ok("config", "list-profiles", "-f", "json")
        self.assertEqual([], json.loads(out))
        self.assertIn("No profiles yet", err)


class TestSetProfile(ConfigTestCase):

    def test_sets_every_key(self):
        out, err = self.cli_ok(
            "config", "set-profile", "clienteA", "--email", "a@b.c",
            "--base-url", "https://x.test/api/v1/", "--country",
            "costa-rica", "--output", "json")
        self.assertEqual(
            {"profiles": {"clienteA": {
                "email": "a@b.c", "base_url": "https://x.test/api/v1",
                "country": "cr", "output": "json"}}},
            self.config())
        self.assertIn("Profile clienteA:", err)

    def test_empty_value_removes_a_key(self):
        self.cli_ok("config", "set-profile", "a", "--email", "a@b.c",
                    "--country", "mx")
        self.cli_ok("config", "set-profile", "a", "--country", "")
        self.assertEqual({"email": "a@b.c"}, self.config()["profiles"]["a"])

    def test_keeps_what_it_does_not_know(self):
        self.write_config("aliases: {x: invoices list}\nprofiles:\n"
                          "  a: {email: a@b.c, description: Acme}\n")
        self.cli_ok("config", "set-profile", "a", "--output", "yaml")
        config = self.config()
        self.assertEqual({"x": "invoices list"}, config["aliases"])
        self.assertEqual("Acme", config["profiles"]["a"]["description"])

    def test_bad_values(self):
        for option, value, words in (
                ("--email", "nobody", "not an e-mail address"),
                ("--base-url", "api.alegra.com", "not an http(s) URL"),
                ("--country", "narnia", "unknown country"),
                ("--output", "pdf", "unknown output format")):
            err = self.cli_fails("config", "set-profile", "a", option, value)
            self.assertIn(words, err)
        self.assertFalse(os.path.exists(self.config_file))

    def test_nothing_to_change(self):
        err = self.cli_fails("config", "set-profile", "a")
        self.assertIn("nothing to change", err)

    def test_plain_http_warns(self):
        out, err = self.cli_ok("config", "set-profile", "a", "--base-url",
                               "http://x.test/api/v1")
        self.assertIn("is not HTTPS", err)

    def test_the_profile_default_output_is_used(self):
        self.write_config("profiles:\n  default: {output: json}\n")
        out, err = self.cli_ok("config", "list-profiles")
        self.assertEqual("default", json.loads(out)[0]["name"])


class TestSetCountry(ConfigTestCase):

    def test_names_and_codes(self):
        for given, code in (("colombia", "co"), ("CO", "co"),
                            ("costa-rica", "cr"), ("costaRica", "cr"),
                            ("Costa Rica", "cr"), ("méxico", "mx"),
                            ("peru", "pe")):
            out, err = self.cli_ok("config", "set-country", given)
            self.assertEqual(code,
                             self.config()["profiles"]["default"]["country"])
            self.assertIn(f"Country of profile default: {code}", err)

    def test_active_profile(self):
        self.write_config("default_profile: a\nprofiles: {a: {}, b: {}}\n")
        self.cli_ok("config", "set-country", "mexico")
        self.cli_ok("--profile", "b", "config", "set-country", "peru")
        self.cli_ok("config", "set-country", "cr",
                    env={"ALEGRA_PROFILE": "c"})
        profiles = self.config()["profiles"]
        self.assertEqual(("mx", "pe", "cr"),
                         tuple(profiles[name]["country"]
                               for name in ("a", "b", "c")))

    def test_unknown_country(self):
        err = self.cli_fails("config", "set-country", "narnia")
        self.assertIn("unknown country 'narnia'", err)
        self.assertFalse(os.path.exists(self.config_file))

    def test_unlisted_code_is_kept_with_a_warning(self):
        out, err = self.cli_ok("config", "set-country", "zz")
        self.assertIn("Warning: 'zz' is not a country", err)

    def test_environment_still_wins(self):
        out, err = self.cli_ok("config", "set-country", "co",
                               env={"ALEGRA_COUNTRY": "mx"})
        self.assertIn("Warning: ALEGRA_COUNTRY is set", err)


class TestCountryPrecedence(ConfigTestCase):
    """Flag, then environment, then profile, then settings."""

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatch("time.sleep"))
        mock = self.useFixture(base.RequestsMock()).mock
        mock.get(f"{base.BASE}/users/self", json={"name": "A"})
        mock.get(f"{base.BASE}/company", json={})
        self.environ.update(ALEGRA_EMAIL="a@b.c", ALEGRA_TOKEN="t")

    def country(self, *argv, env=None):
        code, out, err = self.run_cli(*argv, "auth", "status", "-f", "json",
                                      env=env)
        self.assertEqual(0, code, err)
        return json.loads(out)["country"]

    def test_precedence(self):
        self.assertIsNone(self.country())
        self.write_config("settings: {country: pe}\n")
        self.assertEqual("pe", self.country())
        self.cli_ok("config", "set-country", "colombia")
        self.assertEqual("co", self.country())
        self.assertEqual("mx", self.country(env={"ALEGRA_COUNTRY": "mx"}))
        self.assertEqual("cr", self.country(
            "--country", "costa-rica", env={"ALEGRA_COUNTRY": "mx"}))


class TestAtomicWrites(ConfigTestCase):

    def test_private_file_and_directory_no_leftovers(self):
        self.cli_ok("config", "use", "a")
        self.cli_ok("config", "set-country", "co")
        directory = os.path.dirname(self.config_file)
        # Only the file and its lock (which must stay, see statefile.py).
        self.assertEqual([".config.yaml.lock", "config.yaml"],
                         sorted(os.listdir(directory)))
        self.assertEqual(0o600, stat.S_IMODE(
            os.stat(self.config_file).st_mode))
        self.assertEqual(0o700, stat.S_IMODE(os.stat(directory).st_mode))

    def test_failed_write_keeps_the_old_file(self):
        self.write_config("default_profile: a\n")
        self.useFixture(fixtures.MockPatch(
            "os.replace", side_effect=OSError(28, "No space left")))
        self.assertRaises(OSError, statefile.write_text,
                          self.config_file, "default_profile: b\n")
        self.assertEqual({"default_profile": "a"}, self.config())
        self.assertEqual(["config.yaml"], [
            name for name in os.listdir(os.path.dirname(self.config_file))
            if not name.endswith(".lock")])

    def test_symbolic_link_survives(self):
        real = self.write_config("profiles: {}\n",
                                 os.path.join(self.home, "dotfiles",
                                              "alegra.yaml"))
        os.makedirs(os.path.dirname(self.config_file))
        os.symlink(real, self.config_file)
        self.cli_ok("config", "use", "a")
        self.assertTrue(os.path.islink(self.config_file))
        self.assertEqual("a", self.config(real)["default_profile"])

    def test_alegra_config_file_is_used_everywhere(self):
        other = os.path.join(self.home, "company-b", "alegra.yaml")
        env = {"ALEGRA_CONFIG": other}
        self.cli_ok("config", "set-profile", "b", "--email", "b@b.c",
                    env=env)
        self.assertFalse(os.path.exists(self.config_file))
        self.assertEqual("b@b.c", self.config(other)["profiles"]["b"]["email"])
        out, err = self.cli_ok("config", "list-profiles", "-f", "value",
                               "-c", "name", env=env)
        self.assertEqual("b\n", out)

    def test_secrets_are_refused_by_the_model(self):
        config = config_module.Config(self.config_file)
        self.assertRaises(ValueError, config.update_profile, "a",
                          token="x")


class TestNeverOverANonFile(ConfigTestCase):
    """A config write never replaces a device, a FIFO or a folder."""

    def node(self, kind):
        path = os.path.join(self.home, f"not-a-file-{kind}")
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "directory":
            os.mkdir(path)
        else:
            # A private twin of /dev/null (needs root); never /dev/null itself.
            try:
                os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            except PermissionError:
                self.skipTest("creating a device node needs root")
        return path

    def check_refused(self, kind, test):
        path = self.node(kind)
        before = stat.S_IFMT(os.stat(path).st_mode)
        for argv in (("config", "use", "x"),
                     ("config", "set-profile", "x", "--email", "a@b.c"),
                     ("config", "set-country", "co")):
            err = self.cli_fails(*argv, env={"ALEGRA_CONFIG": path})
            self.assertIn("not a regular file", err)
            self.assertEqual(before, stat.S_IFMT(os.stat(path).st_mode))

    def test_fifo(self):
        self.check_refused("fifo", self)

    def test_directory(self):
        self.check_refused("directory", self)

    def test_device(self):
        self.check_refused("device", self)

    def test_reading_a_fifo_does_not_hang(self):
        path = self.node("fifo")
        err = self.cli_fails("config", "view", env={"ALEGRA_CONFIG": path})
        self.assertIn("not a regular file", err)

    def test_symbolic_link_is_written_through(self):
        real = self.write_config("profiles: {}\n",
                                 os.path.join(self.home, "real.yaml"))
        link = os.path.join(self.home, "link.yaml")
        os.symlink(real, link)
        self.cli_ok("config", "use", "a", env={"ALEGRA_CONFIG": link})
        self.assertTrue(os.path.islink(link))
        self.assertEqual("a", self.config(real)["default_profile"])


class TestReadLimits(ConfigTestCase):

    def test_alias_bomb(self):
        lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
        for number in range(1, 12):
            previous = chr(ord("a") + number - 1)
            name = chr(ord("a") + number)
            lines.append(f"{name}: &{name} [" + ",".join(
                [f"*{previous}"] * 9) + "]")
        self.write_config("\n".join(lines) + "\n")
        err = self.cli_fails("config", "view")
        self.assertIn("alias", err)

    def test_alias_that_holds_itself(self):
        self.write_config("a: &a [*a]\n")
        err = self.cli_fails("config", "view")
        self.assertIn("alias", err)

    def test_deep_nesting(self):
        self.write_config("a: " + "[" * 5000 + "]" * 5000 + "\n")
        err = self.cli_fails("config", "view")
        self.assertIn("nested too deeply", err)

    def test_huge_file(self):
        self.write_config("# padding\n" * 400000)
        err = self.cli_fails("config", "view")
        self.assertIn("larger than", err)

    def test_wrong_type_names_profile_and_key(self):
        self.write_config(
            "profiles:\n  acme:\n    base_url: [a, b]\n")
        err = self.cli_fails("config", "list-profiles")
        self.assertIn("acme", err)
        self.assertIn("base_url", err)

    def test_wrong_type_of_a_setting(self):
        self.write_config("settings:\n  timeout: {a: 1}\n")
        err = self.cli_fails("config", "list-profiles")
        self.assertIn("timeout", err)


def _set_profiles(environ, prefix, count):
    import io

    from alegra.app.application import AlegraApp

    os.environ.clear()
    os.environ.update(environ)
    for number in range(count):
        app = AlegraApp(stdin=io.StringIO(), stdout=io.StringIO(),
                        stderr=io.StringIO(), environ=environ)
        app.run(["config", "set-profile", f"{prefix}{number}",
                 "--email", f"{prefix}{number}@example.com"])


class TestConcurrentWriters(ConfigTestCase):

    def test_two_writers_keep_every_profile(self):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        workers = [context.Process(target=_set_profiles,
                                   args=(self.environ, prefix, 20))
                   for prefix in ("a", "b")]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
        self.assertEqual(40, len(self.config()["profiles"]))
