from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from synthcode.config import load_config, read_yaml
from synthcode.errors import ConfigError
from synthcode.verify import DEFAULT_STAGES, VerifyConfig

CONFIGS = Path(__file__).resolve().parents[1] / "configs" / "verify"


def test_shipped_configs_load_and_derive():
    default = load_config(VerifyConfig, CONFIGS / "default.yaml")
    docker = load_config(VerifyConfig, CONFIGS / "docker.yaml")
    assert default.sandbox == "process" and docker.sandbox == "docker"
    assert docker.limits == default.limits and docker.stages == default.stages == list(DEFAULT_STAGES)
    assert docker.budgets == default.budgets and default.budget("properties").examples == 100


def test_overrides_win_and_merge_nested(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("include: " + str(CONFIGS / "default.yaml") + "\nlimits: {cpu_seconds: 5}\n")
    config = load_config(VerifyConfig, path, {"workers": 3, "timeout": None, "limits": {"memory_mb": 256}})
    assert config.workers == 3 and config.timeout == 10.0
    assert (config.limits.cpu_seconds, config.limits.memory_mb, config.limits.open_files) == (5, 256, 256)


def test_flags_not_given_leave_nested_settings_alone(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("limits: {cpu_seconds: 5, memory_mb: 300}\n")
    # What a command line builds when no limit flag was given: every nested value None.
    config = load_config(VerifyConfig, path, {"limits": {"memory_mb": None, "cpu_seconds": None}, "workers": None})
    assert (config.limits.cpu_seconds, config.limits.memory_mb) == (5, 300)
    config = load_config(VerifyConfig, path, {"limits": {"memory_mb": 128, "cpu_seconds": None}})
    assert (config.limits.cpu_seconds, config.limits.memory_mb) == (5, 128)


@pytest.mark.parametrize("text, message", [
    ("stagse: [tests]\n", "unknown setting 'stagse'; did you mean 'stages'"),
    ("workers: two\n", "workers: expected int, got 'two'"),
    ("workers: true\n", "expected int"),
    ("limits: {memory_mb: 0}\n", "memory_mb must be a positive integer"),
    ("limits: 5\n", "limits: expected a mapping"),
    ("stages: [tests, nope]\n", "unknown stage 'nope'"),
    ("allow_unsafe: true\n", "unknown setting 'allow_unsafe'"),
    ("- a\n- b\n", "expected a mapping at the top"),
    ("a: [\n", "not valid YAML"),
    ("include: self.yaml\n", "include cycle"),
    ("include: missing.yaml\n", "cannot read config"),
])
def test_bad_configs_name_the_problem(tmp_path, text, message):
    path = tmp_path / "self.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_config(VerifyConfig, path)


def test_a_copy_with_changes_keeps_the_unsafe_confirmation():
    config = VerifyConfig(stages=["tests"], sandbox="unsafe", workers=2)
    config.allow_unsafe = True  # only the command line sets it
    copy = config.copy_with(workers=1, stages=["tests", "properties"])
    assert (copy.workers, copy.stages, copy.allow_unsafe) == (1, ["tests", "properties"], True)
    assert (config.workers, config.stages) == (2, ["tests"])
    with pytest.raises(ConfigError, match="workers must be at least 1"):
        config.copy_with(workers=0)


def test_missing_required_settings_are_named(tmp_path):
    from synthcode.train.config import TrainConfig

    path = tmp_path / "train.yaml"
    path.write_text("mix: out/mix\n")
    with pytest.raises(ConfigError, match=r"train\.yaml: missing settings: out, tokens$"):
        load_config(TrainConfig, path)
    with pytest.raises(ConfigError, match=r"^missing setting: tokens$"):
        load_config(TrainConfig, None, {"mix": "m", "out": "o"})


def test_paths_in_a_file_are_relative_to_that_file_not_the_working_directory(tmp_path, monkeypatch):
    import pickle
    from dataclasses import dataclass

    from synthcode.config import path_field

    @dataclass(kw_only=True)
    class Paths:
        data: str = path_field()
        files: list[str] = path_field(None)
        source: str = path_field("", hub=True)
        name: str = ""

    (tmp_path / "base").mkdir()
    (tmp_path / "presets").mkdir()
    (tmp_path / "owner" / "local").mkdir(parents=True)
    (tmp_path / "base" / "base.yaml").write_text("data: corpus/a.jsonl\nfiles: [x.json, /abs/y.json]\nname: n/a\n")
    (tmp_path / "presets" / "p.yaml").write_text("include: ../base/base.yaml\nsource: org/dataset\n")
    monkeypatch.chdir(tmp_path / "owner")  # a working directory that must not matter
    config = load_config(Paths, tmp_path / "presets" / "p.yaml")
    assert config.data == str(tmp_path / "base" / "corpus" / "a.jsonl")  # the file that wrote it
    assert config.files == [str(tmp_path / "base" / "x.json"), "/abs/y.json"]
    assert config.source == "org/dataset"  # no such local path: a Hub id
    assert config.name == "n/a" and type(config.name) is str  # not a path: as written
    # Plain strings, so configs pickle (to Ray workers) and dump like any other.
    assert all(type(v) is str for v in (config.data, config.source, *config.files))
    pickle.loads(pickle.dumps(config.__dict__))

    (tmp_path / "presets" / "q.yaml").write_text("include: p.yaml\nsource: ../owner/local\n")
    assert load_config(Paths, tmp_path / "presets" / "q.yaml").source == str(tmp_path / "owner" / "local")
    # A flag's value is relative to the working directory, as on any command line.
    flagged = load_config(Paths, tmp_path / "presets" / "p.yaml", {"data": "mine.jsonl"})
    assert flagged.data == "mine.jsonl"


def test_shipped_configs_find_their_files_from_any_directory(tmp_path, monkeypatch):
    from synthcode.evaluation.config import EvalConfig
    from synthcode.mix.config import MixConfig

    root = CONFIGS.parents[1]
    monkeypatch.chdir(tmp_path)
    smoke = load_config(EvalConfig, root / "configs" / "eval" / "smoke.yaml")
    assert Path(smoke.lm_eval.include_path).is_dir()
    mix = load_config(MixConfig, root / "configs" / "mixes" / "synthetic.yaml")
    assert mix.sources["synthetic"].path == str(root / "out" / "generate" / "accepted")
    assert mix.sources["web_text"].path == "HuggingFaceFW/fineweb-edu"


@dataclasses.dataclass(kw_only=True)
class Choice:
    a: str | None = dataclasses.field(default=None, metadata={"replaces": ("b", "extra")})
    b: str | None = dataclasses.field(default=None, metadata={"replaces": ("a",)})
    extra: dict[str, str] = dataclasses.field(default_factory=dict)
    n: int = 0


@dataclasses.dataclass(kw_only=True)
class Choices:
    items: dict[str, Choice]
    one: Choice | None = None


def test_a_setting_that_replaces_others_drops_them_when_a_derived_file_sets_it(tmp_path):
    (tmp_path / "base.yaml").write_text(
        "items:\n  x: {b: B, extra: {k: v}, n: 1}\n  y: {a: A, extra: {k: v}, n: 2}\n  z: {a: A, n: 3}\n"
        "one: {b: B}\n")
    (tmp_path / "derived.yaml").write_text(
        "include: base.yaml\nitems:\n  x: {a: A2}\n  y: {b: B2}\n  z: {n: 4}\none: {a: A3}\n")
    config = load_config(Choices, tmp_path / "derived.yaml")
    x, y, z = (config.items[k] for k in "xyz")
    assert (x.a, x.b, x.extra, x.n) == ("A2", None, {}, 1)  # a drops the inherited b and extra
    assert (y.a, y.b, y.extra, y.n) == (None, "B2", {"k": "v"}, 2)  # b drops only a
    assert (z.a, z.n) == ("A", 4)  # setting neither keeps what was inherited
    assert (config.one.a, config.one.b) == ("A3", None)  # through an optional nested config too
    # an override replaces the same way; a file that sets both keeps both (the class judges the pair)
    config = load_config(Choices, tmp_path / "derived.yaml", {"items": {"x": {"b": "Z"}}})
    assert (config.items["x"].a, config.items["x"].b) == (None, "Z")
    (tmp_path / "both.yaml").write_text("include: base.yaml\nitems:\n  x: {a: A2, b: B2}\n")
    assert (load_config(Choices, tmp_path / "both.yaml").items["x"].a,
            load_config(Choices, tmp_path / "both.yaml").items["x"].b) == ("A2", "B2")
    # without a schema (plain YAML readers) nothing is dropped
    assert read_yaml(tmp_path / "derived.yaml")["items"]["x"] == {"a": "A2", "b": "B", "extra": {"k": "v"}, "n": 1}


def test_a_timeout_in_a_derived_config_or_a_flag_reaches_every_budget_without_its_own_seconds(tmp_path):
    # It once did nothing: every stage of the shipped default named its own seconds.
    derived = tmp_path / "slow.yaml"
    derived.write_text(f"include: {CONFIGS / 'default.yaml'}\ntimeout: 30\n")
    config = load_config(VerifyConfig, derived)
    for stage in ("tests", "consistency", "mutation", "properties", "differential", "symbolic"):
        assert config.budget(stage).seconds == 30, stage
    assert config.budget("properties").examples == 100 and config.budget("symbolic").paths == 100
    assert config.budget("z3").seconds == 5  # a budget that names its seconds keeps them
    flagged = load_config(VerifyConfig, CONFIGS / "default.yaml", {"timeout": 7})
    assert flagged.budget("tests").seconds == 7 and flagged.budget("differential").examples == 200
    # And the verdict records what it was given.
    assert flagged.budget("mutation").describe()["budget_cpu_seconds"] == "7"


def test_the_stage_list_lives_in_the_registry_alone():
    """Defaults, the shipped config and the command's help all read the registry's pipeline order."""
    from synthcode.cli import build_parser
    from synthcode.registry import STAGES

    assert STAGES.names()[0] == "parse"
    assert list(DEFAULT_STAGES) == [name for name in STAGES.defaults() if name != "parse"]
    assert VerifyConfig().stages == list(DEFAULT_STAGES)
    shipped = read_yaml(CONFIGS / "default.yaml")
    assert "stages" not in shipped
    (verify,) = [a for a in build_parser(["verify"])._subparsers._group_actions[0].choices["verify"]._actions
                 if "--stages" in a.option_strings]
    assert ", ".join(DEFAULT_STAGES) in " ".join(verify.help.split())


def shadow_warnings(caplog, path, overrides=None):
    caplog.clear()
    with caplog.at_level("WARNING", logger="synthcode.config"):
        load_config(VerifyConfig, path, overrides)
    return [r.getMessage() for r in caplog.records if r.name == "synthcode.config"]


def test_a_setting_that_takes_no_effect_is_warned_about_in_one_line(tmp_path, caplog):
    every = "".join(f"  {name}: {{seconds: 3}}\n" for name in DEFAULT_STAGES if name != "z3")
    derived = tmp_path / "own-budgets.yaml"
    derived.write_text(f"include: {CONFIGS / 'default.yaml'}\ntimeout: 30\nbudgets:\n{every}")
    (line,) = shadow_warnings(caplog, derived)
    assert line.startswith(f"{derived}: timeout: 30 has no effect: every selected stage's budget names its own")
    assert "\n" not in line
    assert load_config(VerifyConfig, derived).budget("tests").seconds == 3  # the warning changes nothing

    (line,) = shadow_warnings(caplog, CONFIGS / "default.yaml", {"timeout": 20, "stages": ["z3"]})
    assert "timeout: 20 has no effect" in line  # --timeout with only z3, whose budget names 5 s

    idle = tmp_path / "idle.yaml"
    idle.write_text(f"include: {CONFIGS / 'default.yaml'}\nstages: [tests]\nbudgets:\n  z3: {{seconds: 9}}\n"
                    "min_mutation_score: 0.9\n")
    (line,) = shadow_warnings(caplog, idle)
    assert line == f"{idle}: budgets.z3, min_mutation_score have no effect: the stages run are tests"


def test_settings_that_take_effect_or_are_inherited_are_not_warned_about(tmp_path, caplog):
    assert shadow_warnings(caplog, CONFIGS / "default.yaml") == []
    assert shadow_warnings(caplog, CONFIGS / "docker.yaml", {"timeout": 30}) == []  # reaches all but z3
    derived = tmp_path / "tests-only.yaml"  # inherits budgets of stages it does not run: not its doing
    derived.write_text(f"include: {CONFIGS / 'default.yaml'}\nstages: [tests]\ntimeout: 30\n")
    assert shadow_warnings(caplog, derived) == []
    # flags that narrow the stages narrow a file on purpose
    assert shadow_warnings(caplog, CONFIGS / "default.yaml", {"stages": ["tests"]}) == []


def test_an_optional_registry_entry_is_accepted_but_not_a_default():
    from synthcode.registry import Registry

    stages = Registry("stage", {"parse": "m:P", "tests": "m:T", "outputs": "m:O", "z3": "m:Z"}, optional=("outputs",))
    assert stages.defaults() == ["parse", "tests", "z3"]
    assert stages.check("outputs") == "m:O"
    with pytest.raises(ConfigError, match="Did you mean 'outputs'"):
        stages.check("output")
