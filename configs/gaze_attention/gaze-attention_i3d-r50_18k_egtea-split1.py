# Gaze-Attention with mmaction2's ResNet3d (I3D-R50) in both streams instead of Inception I3D:
# the stage-3 output (max-pooled onto the stage-4 grid) feeds the gaze module, stage 4 the
# classifier. Initialise from Kinetics I3D-R50 weights of mmaction2's model zoo via load_from.
_base_ = ['./gaze-attention_i3d_18k_egtea-split1.py']

resnet3d = dict(
    type='ResNet3d', depth=50, pretrained=None, pretrained2d=False, out_indices=(2, 3),
    conv1_kernel=(5, 7, 7), conv1_stride_t=2, pool1_stride_t=2, norm_eval=False,
    inflate=((1, 1, 1), (1, 0, 1, 0), (1, 0, 1, 0, 1, 0), (0, 1, 0)), zero_init_residual=False)
model = dict(
    backbone=dict(_delete_=True, in_channels=3, **resnet3d),
    flow_backbone=dict(_delete_=True, in_channels=2, **resnet3d),
    gaze_head=dict(in_channels=1024),
    cls_head=dict(in_channels=2048))
load_from = None
