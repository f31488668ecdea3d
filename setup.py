"""Install hoi-plugins: ``pip install -e .`` next to your own torch/mmcv build."""
from pathlib import Path

from setuptools import find_packages, setup

ROOT = Path(__file__).parent


def read_requirements(name: str) -> list:
    """Requirement lines of ``requirements/<name>.txt`` without comments."""
    lines = (ROOT / 'requirements' / f'{name}.txt').read_text().splitlines()
    return [line.split('#')[0].strip() for line in lines if line.split('#')[0].strip()]


def read_version() -> str:
    namespace = {}
    exec((ROOT / 'hoi_plugins' / 'version.py').read_text(), namespace)
    return namespace['__version__']


setup(
    name='hoi-plugins',
    version=read_version(),
    description='OpenMMLab plugins for human-object interaction and human activity '
    'understanding: TIN, Interaction Hotspots, Gaze-Attention, IntegralAction',
    long_description=(ROOT / 'README.md').read_text() if (ROOT / 'README.md').exists() else '',
    long_description_content_type='text/markdown',
    license='Apache-2.0',
    python_requires='>=3.8',
    packages=find_packages(include=['hoi_plugins', 'hoi_plugins.*']),
    include_package_data=True,
    package_data={'hoi_plugins': ['class_tables/*.json']},
    install_requires=read_requirements('runtime'),
    extras_require={'tests': read_requirements('tests')},
    zip_safe=False,
)
