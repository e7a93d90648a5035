// A line edit with a Browse button for a file or folder; remembers the last folder under a QSettings key.
#pragma once

#include <QWidget>

class QLineEdit;

class PathEdit : public QWidget {
    Q_OBJECT
public:
    enum Kind { OpenFile, Folder };
    PathEdit(Kind kind, const QString& settingsKey, const QString& caption, QWidget* parent = nullptr);
    QString path() const;
    void setPath(const QString& path);
    QLineEdit* lineEdit() const { return edit_; }

signals:
    void pathChanged(const QString& path);

private:
    Kind kind_;
    QString key_;
    QString caption_;
    QLineEdit* edit_;
};
