# Interaction Hotspots (Nagarajan, Feichtenhofer, Grauman, ICCV 2019), the official frame_lstm
# with the dr50_n28 encoder: frozen dilated ResNet-50 (2048 x 28 x 28 per 224 frame), L2 pooling,
# one-layer LSTM (hidden 2048), anticipation [conv3x3, BN, ReLU] x 2 with the MSE loss (x 0.1),
# auxiliary classification of the anticipated feature. The dataset configs set num_classes.
model = dict(
    type='HotspotsRecognizer',
    backbone=dict(
        type='DilatedResNet',
        depth=50,
        # torchvision's ImageNet ResNet-50 (as the official code), a URL or a local path
        pretrained='https://download.pytorch.org/models/resnet50-19c8e357.pth',
        strides=(1, 2, 1, 1),
        dilations=(1, 1, 2, 4),
        frozen=True),
    cls_head=dict(
        type='LSTMActionHead', num_classes=7, in_channels=2048, hidden_size=2048,
        loss_weight=1.0),
    anticipation=dict(
        type='AnticipationModule', in_channels=2048, loss_type='mse', loss_weight=0.1),
    aux_loss_weight=1.0,
    data_preprocessor=dict(type='HotspotsDataPreprocessor'))
