# Alias of tin_r50_1700k_hico-det.py (the name earlier versions and users' scripts use).
_base_ = ['./tin_r50_1700k_hico-det.py']
