"""The reference package's device choice and its errors (the CUDA tests themselves are in test_cuda.py)."""

import pytest
import torch

import reference


def test_default_device_follows_the_guides_idiom():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert reference.default_device().type == expected
    assert reference.default_device("cpu") == torch.device("cpu")


def test_naming_a_device_this_machine_lacks_is_a_clear_error():
    if torch.cuda.is_available():
        with pytest.raises(RuntimeError, match=r"'cuda:99' was asked for, but this machine has \d CUDA device"):
            reference.default_device("cuda:99")
    else:
        with pytest.raises(RuntimeError, match=r"'cuda' was asked for, but torch.cuda.is_available\(\) is False"):
            reference.default_device("cuda")


def test_command_line_device_option_is_checked_before_any_work(capsys):
    from minitorch_es.training.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["train", "--backend", "minitorch_es", "--device", "cuda"])
    assert stop.value.code == 2
    assert "the minitorch_es backend runs on the cpu only, got device 'cuda'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["train", "--backend", "torch", "--device", "gpu"])
    assert "device type at start of device string: gpu" in capsys.readouterr().err
