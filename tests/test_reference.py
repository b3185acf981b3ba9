"""The reference package's device choice (the CUDA path runs only where a GPU is present)."""

import pytest
import torch

import reference
from reference.device import configure_for_parity


def test_default_device_follows_the_guides_idiom():
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert reference.default_device().type == expected
    assert reference.default_device("cpu") == torch.device("cpu")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU on this machine")
def test_cuda_parity_configuration_disables_tf32():
    configure_for_parity()
    assert not torch.backends.cuda.matmul.allow_tf32
    a = torch.randn(64, 64, dtype=torch.float32, device="cuda")
    torch.testing.assert_close((a @ a).cpu(), a.cpu() @ a.cpu(), rtol=1e-4, atol=1e-4)
