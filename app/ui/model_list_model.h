// ModelListModel: the models found in the models folder(s), with what a driver or integrator needs to pick
// one: name, architecture, size, quantization, context and estimated memory at the configured context. Files
// that do not open are listed with their error. Scans run on a short-lived background thread; the model is
// reset when a scan completes. Thread: UI thread (the scan thread only computes a list).
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QStringList>

#include "ui/model_scan.h"

class QThread;

namespace peregrine {

class ModelListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool scanning READ scanning NOTIFY scanningChanged)
    Q_PROPERTY(QString currentPath READ currentPath NOTIFY currentPathChanged)
    Q_PROPERTY(QStringList dirs READ dirs NOTIFY dirsChanged)

public:
    enum Role {
        PathRole = Qt::UserRole + 1,
        FileNameRole,
        NameRole,
        ArchitectureRole,
        QuantizationRole,
        SizeTextRole,     // "1.9 GB"
        ContextTextRole,  // "4096 of 131072 tokens"
        ParamsTextRole,   // "3.2B"
        MemoryTextRole,   // "2.4 GB at 4096 tokens"
        FitsRole,         // estimated memory below the memory available now
        ErrorRole,
        ValidRole,
        CurrentRole,
    };
    Q_ENUM(Role)

    explicit ModelListModel(QObject* parent = nullptr);
    ~ModelListModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Starts a scan (a running scan is finished first, then this one runs). availableBytes: the memory
    // the fit check compares against (-1: unknown, every valid model "fits").
    void refresh(const QStringList& dirs, int contextLength, qint64 availableBytes);
    void setCurrentPath(const QString& path);

    bool scanning() const { return m_thread != nullptr; }
    QString currentPath() const { return m_currentPath; }
    QStringList dirs() const { return m_dirs; }
    const QList<ModelEntry>& entries() const { return m_rows; }
    int indexOfPath(const QString& path) const;
    // Replaces the rows directly (tests, and the scan's completion).
    void setEntries(const QList<ModelEntry>& entries);

signals:
    void countChanged();
    void scanningChanged();
    void currentPathChanged();
    void dirsChanged();
    void scanFinished();

private:
    void startScan();

    QList<ModelEntry> m_rows;
    QString m_currentPath;
    QStringList m_dirs;
    int m_contextLength = 4096;
    qint64 m_availableBytes = -1;
    QThread* m_thread = nullptr;
    bool m_rescan = false;
};

}  // namespace peregrine
