"""--rate, ALEGRA_RATE and the rate setting, through the app in-process."""

from tests.unit import httpfakes


class TestRateSetting(httpfakes.CLITestCase):

    def pauses(self, *argv, env=None):
        """The sleeps of a walk of two pages, and stderr."""
        self.http.reset_mock()
        self.mock.get(httpfakes.INVOICES, [
            {"json": httpfakes.records(1, 30)}, {"json": []}])
        code, out, err = self.run_cli(*argv, "invoices", "list", "--all",
                                      "-o", "json", env=env)
        self.assertEqual(0, code, err)
        return [round(s, 1) for s in self.slept], err

    def test_precedence(self):
        self.write_settings("settings:\n  rate: 10\n"
                            "profiles:\n  default:\n    rate: 20\n")
        self.assertEqual([3.0], self.pauses()[0])
        env = {"ALEGRA_RATE": "30"}
        self.assertEqual([2.0], self.pauses(env=env)[0])
        self.assertEqual([1.0], self.pauses("--rate", "60", env=env)[0])
        self.assertEqual([], self.pauses("--rate", "off", env=env)[0])

    def test_off_in_the_profile_lifts_the_settings_cap(self):
        self.write_settings("settings:\n  rate: 10\n"
                            "profiles:\n  default:\n    rate: off\n")
        self.assertEqual([], self.pauses()[0])

    def test_a_pause_is_one_line_on_stderr(self):
        slept, err = self.pauses("--rate", "20")
        self.assertEqual([3.0], slept)
        self.assertIn("waiting 3 s for your rate limit (20 a minute)\n",
                      err)

    def test_quiet_says_nothing(self):
        slept, err = self.pauses("--quiet", "--rate", "20")
        self.assertEqual([3.0], slept)
        self.assertEqual("", err)

    def test_wrong_values_are_one_usage_error(self):
        for argv, env, where in (
                (["--rate", "0"], {}, "--rate '0'"),
                (["--rate", "2.5"], {}, "--rate '2.5'"),
                (["--rate", "fast"], {}, "--rate 'fast'"),
                ([], {"ALEGRA_RATE": "-3"}, "ALEGRA_RATE='-3'")):
            code, out, err = self.run_cli(*argv, "invoices", "list",
                                          env=env)
            self.assertEqual(2, code, err)
            line = self.assertOneErrorLine(err)
            self.assertIn(f"{where} is not a positive whole number", line)
        self.assertEqual(0, self.mock.call_count)

    def test_a_wrong_setting_names_the_file(self):
        self.write_settings("settings:\n  rate: lots\n")
        code, out, err = self.run_cli("invoices", "list")
        self.assertEqual(2, code, err)
        line = self.assertOneErrorLine(err)
        self.assertIn("the rate setting 'lots'", line)
        self.assertIn("config.yaml", line)
        self.assertEqual(0, self.mock.call_count)
